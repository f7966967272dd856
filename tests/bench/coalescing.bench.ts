import { afterAll, beforeAll, test } from 'vitest';
import { launchExtension, type LoadedExtension } from '../e2e/extension';

/**
 * How gathering deltas per interval changes what a surface receives, through the real service worker
 * and a real port: port messages, time to the first delta, and time to the end, for an engine that
 * floods (every token at once) and one that paces its tokens like a fast on-device model.
 */
let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(() => extension?.close());

const SCENARIOS = [
  { name: 'flood', tokens: 2_000, chunkDelayMs: 0 },
  { name: 'paced', tokens: 500, chunkDelayMs: 2.5 },
] as const;
const INTERVALS = [0, 16, 50];
const ROUNDS = 3;

interface Run {
  messages: number;
  firstDeltaMs: number;
  totalMs: number;
  chars: number;
  error?: string;
}

test('delta coalescing', async () => {
  await extension.installFakeLanguageModel();
  const panel = await extension.openPanel();
  const rows: string[] = [];
  for (const { name: scenario, tokens, chunkDelayMs } of SCENARIOS) {
    await extension.installFakeLanguageModel({ fillerWords: tokens, chunkDelayMs });
    for (const deltaIntervalMs of INTERVALS) {
      const runs: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        runs.push(
          await panel.evaluate(
            ({ deltaIntervalMs, id }) =>
              new Promise<Run>((resolve) => {
                const port = chrome.runtime.connect({ name: 'inkling' });
                const start = performance.now();
                let messages = 0;
                let chars = 0;
                let firstDeltaMs = 0;
                port.onMessage.addListener((message) => {
                  if (message.type === 'delta') {
                    if (messages++ === 0) firstDeltaMs = performance.now() - start;
                    chars += message.text.length;
                  }
                  if (message.type === 'done' || message.type === 'error') {
                    port.disconnect();
                    resolve({
                      messages,
                      firstDeltaMs,
                      totalMs: performance.now() - start,
                      chars,
                      error: message.message,
                    });
                  }
                });
                port.postMessage({
                  type: 'start',
                  id,
                  conversationId: id,
                  messages: [{ role: 'user', content: 'Go' }],
                  options: { deltaIntervalMs },
                });
              }),
            { deltaIntervalMs, id: `${scenario}-${deltaIntervalMs}-${round}` },
          ),
        );
      }
      const failed = runs.find((run) => run.error);
      if (failed) throw new Error(failed.error);
      const median = (pick: (run: Run) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
      rows.push(
        [
          `${scenario} ${tokens}`.padEnd(11),
          `${deltaIntervalMs} ms`.padStart(6),
          String(median((r) => r.messages)).padStart(9),
          median((r) => r.firstDeltaMs)
            .toFixed(1)
            .padStart(15),
          median((r) => r.totalMs)
            .toFixed(0)
            .padStart(11),
          ((tokens * 1000) / median((r) => r.totalMs)).toFixed(0).padStart(9),
        ].join('  '),
      );
    }
  }
  console.log(
    [
      `Delta coalescing through the service worker and a port, median of ${ROUNDS} runs:`,
      'tokens       window   messages  first delta ms   total ms  tokens/s',
      ...rows,
    ].join('\n'),
  );
});
