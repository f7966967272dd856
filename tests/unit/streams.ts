import type { EngineFinish } from '../../lib/contracts/engine';

/** Waits `ms`, or rejects with the signal's reason when it fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Collected {
  chunks: string[];
  text: string;
  finish: EngineFinish;
}

/** Reads an engine's stream to its end, as a surface does. */
export async function collect(stream: AsyncGenerator<string, EngineFinish, undefined>): Promise<Collected> {
  const chunks: string[] = [];
  for (;;) {
    const step = await stream.next();
    if (step.done) return { chunks, text: chunks.join(''), finish: step.value };
    chunks.push(step.value);
  }
}
