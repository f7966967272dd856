import type { AnswerPatch } from '../chat/store';
import type { ServerMessage } from '../contracts/protocol';

/** Where an answer is saved: a conversation's assistant turn, made by the surface beforehand. */
export interface AnswerTarget {
  conversationId: string;
  turnId: string;
}

export interface AnswerSink {
  update(target: AnswerTarget, patch: AnswerPatch): Promise<unknown>;
}

/** A saved answer lags what is shown by at most this much; saving on every delta would be waste. */
const SAVE_INTERVAL_MS = 250;

/**
 * Saves an answer from the background, as it streams and when it ends, so that closing the panel or
 * a crashed engine loses nothing already shown: a closed panel's request is cancelled here and its
 * answer saved as 'stopped'. Wraps the request's `send`.
 */
export function recordAnswer(
  send: (message: ServerMessage) => void,
  target: AnswerTarget,
  sink: AnswerSink,
  onError: (error: unknown) => void,
): (message: ServerMessage) => void {
  let text = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One save at a time, in order: a late streaming save must never overwrite the final one.
  let saving: Promise<unknown> = Promise.resolve();
  const save = (patch: AnswerPatch) => {
    saving = saving.then(() => sink.update(target, patch)).catch(onError);
  };

  return (message) => {
    send(message);
    if (message.type === 'delta') {
      text += message.text;
      timer ??= setTimeout(() => {
        timer = undefined;
        save({ text });
      }, SAVE_INTERVAL_MS);
      return;
    }
    if (message.type !== 'done' && message.type !== 'error') return;
    clearTimeout(timer);
    if (message.type === 'done') {
      const { result } = message;
      save({ text: result.text, status: result.finishReason === 'cancelled' ? 'stopped' : 'done', result });
    } else {
      save({ text, status: 'failed', error: message.message });
    }
  };
}
