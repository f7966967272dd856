import type { ChatMessage, EngineFinish } from '../contracts/engine';
import type { Engine } from '../engines/engine';
import { InklingError, isAbortError } from '../contracts/errors';
import { createCoalescer, DEFAULT_DELTA_INTERVAL_MS } from '../rpc/coalescer';
import { computeMetrics } from './metrics';
import type { GenerateOptions, ServerMessage } from '../contracts/protocol';


export interface GenerationRequest {
  id: string;
  engine: Engine;
  messages: ChatMessage[];
  conversationId?: string;
  options: GenerateOptions;
  send: (message: ServerMessage) => void;
  /** Called once, when the request has sent its last message; with the error that ended it, if one did. */
  onEnd: (error?: InklingError) => void;
  now?: () => number;
  /** When the request arrived, so that time to first token includes the wait for an engine. */
  startedAt?: number;
}

export interface RunningGeneration {
  /** Ends the request at once: 'done' with finish reason 'cancelled' goes out now, nothing after it. */
  cancel(): void;
}

/** Runs one request on an engine and sends its deltas, then 'done' with metrics or 'error'. */
export function startGeneration(request: GenerationRequest): RunningGeneration {
  const { id, engine, send, now = () => performance.now() } = request;
  const { deltaIntervalMs = DEFAULT_DELTA_INTERVAL_MS, ...sampling } = request.options;
  const controller = new AbortController();
  const startedAt = request.startedAt ?? now();
  let firstTokenAt: number | undefined;
  let sentText = '';
  let finished = false;
  const coalescer = createCoalescer(deltaIntervalMs, (text) => {
    sentText += text;
    send({ type: 'delta', id, text });
  });

  const finish = (message: ServerMessage, error?: InklingError) => {
    finished = true;
    send(message);
    request.onEnd(error);
  };

  const done = (engineFinish: Partial<EngineFinish>) =>
    finish({
      type: 'done',
      id,
      result: {
        text: sentText,
        engine: engine.id,
        engineLabel: engine.label,
        model: engine.model,
        finishReason: engineFinish.finishReason ?? 'cancelled',
        ...computeMetrics({ startedAt, firstTokenAt, endedAt: now() }, sentText, engineFinish),
        ...(engineFinish.notice !== undefined && { notice: engineFinish.notice }),
      },
    });

  const run = async () => {
    let generator: AsyncGenerator<string, EngineFinish, undefined> | undefined;
    try {
      generator = engine.stream({
        messages: request.messages,
        conversationId: request.conversationId,
        options: sampling,
        signal: controller.signal,
      });
      for (;;) {
        const step = await generator.next();
        if (finished) break;
        if (step.done) {
          coalescer.flush();
          done(step.value);
          break;
        }
        firstTokenAt ??= now();
        coalescer.push(step.value);
      }
    } catch (error) {
      if (finished) return;
      coalescer.flush();
      const failure = toInklingError(error, engine.label);
      finish({ type: 'error', id, code: failure.code, message: failure.message }, failure);
    } finally {
      // After a cancel the engine may still be inside its stream: returning runs its cleanup now.
      if (controller.signal.aborted) await generator?.return({ finishReason: 'cancelled' }).catch(() => {});
    }
  };
  void run();

  return {
    cancel() {
      if (finished) return;
      controller.abort();
      coalescer.drop();
      done({ finishReason: 'cancelled' });
    },
  };
}

function toInklingError(error: unknown, engineLabel: string): InklingError {
  if (error instanceof InklingError) return error;
  if (isAbortError(error)) return new InklingError('engine-failed', `${engineLabel} stopped unexpectedly. Send again.`);
  const detail = error instanceof Error ? error.message : String(error);
  return new InklingError('engine-failed', `${engineLabel} failed: ${detail}`);
}
