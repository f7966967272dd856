import { isAbortError } from '../contracts/errors';
import type { EngineFinish } from '../contracts/engine';
import { builtinError } from './builtin-errors';
import { createDeltaNormalizer } from './cumulative-chunks';

/**
 * The deltas of one of Chrome's task APIs' streams (`summarizeStreaming`, `translateStreaming`),
 * whether its chunks are deltas or the text so far; 'cancelled' when the request's signal stopped
 * it, and each DOMException as a message a user can act on.
 */
export async function* taskApiDeltas(
  open: () => Promise<ReadableStream<string>>,
  signal: AbortSignal,
): AsyncGenerator<string, EngineFinish, undefined> {
  try {
    const reader = (await open()).getReader();
    const toDelta = createDeltaNormalizer();
    try {
      for (let step = await reader.read(); !step.done; step = await reader.read()) {
        const delta = toDelta(step.value);
        if (delta) yield delta;
      }
    } finally {
      reader.cancel().catch(() => {});
    }
    return { finishReason: 'stop' };
  } catch (error) {
    if (signal.aborted && isAbortError(error)) return { finishReason: 'cancelled' };
    throw builtinError(error);
  }
}
