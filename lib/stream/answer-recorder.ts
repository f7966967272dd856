import type { AnswerTarget } from '../chat/conversation-writer';
import type { AnswerPatch } from '../chat/store';
import type { GenerationResult } from '../contracts/result';
import { toErrorEnvelope } from '../rpc/envelope';

export interface AnswerSink {
  update(target: AnswerTarget, patch: AnswerPatch): Promise<unknown>;
}

/** A saved answer lags what is shown by at most this much; saving on every delta would be waste. */
const SAVE_INTERVAL_MS = 250;

/**
 * Saves an answer from the background, as it streams and when it ends, so that closing the panel or
 * a crashed engine loses nothing already shown: a closed panel's request is cancelled here and its
 * answer saved as 'stopped'.
 */
export function recordAnswer(
  target: AnswerTarget | Promise<AnswerTarget>,
  sink: AnswerSink,
  onError: (error: unknown) => void,
) {
  let text = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One save at a time, in order: a late streaming save must never overwrite the final one. None
  // before the turn is stored (the first token does not wait for that).
  // A turn that could not be stored is reported once, and nothing is saved into it.
  let stored = true;
  let saving: Promise<unknown> = Promise.resolve(target).catch((error: unknown) => {
    stored = false;
    onError(error);
  });
  const save = (patch: AnswerPatch) => {
    clearTimeout(timer);
    timer = undefined;
    saving = saving.then(async () => stored && sink.update(await target, patch)).catch(onError);
  };

  return {
    delta(delta: string) {
      text += delta;
      timer ??= setTimeout(() => save({ text }), SAVE_INTERVAL_MS);
    },
    /**
     * Saves how the answer ended and passes the end on unchanged once it is saved, so that whoever
     * hears of the end reads the same from the store.
     */
    async ended(answer: Promise<GenerationResult>): Promise<GenerationResult> {
      try {
        const result = await answer;
        save({ text: result.text, status: result.finishReason === 'cancelled' ? 'stopped' : 'done', result });
        await saving;
        return result;
      } catch (error) {
        save({ text, status: 'failed', error: toErrorEnvelope(error).message });
        await saving;
        throw error;
      }
    },
  };
}
