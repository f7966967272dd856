import { afterAll, beforeAll, test } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { serveStatic, type StaticServer } from '../fixtures/static-server';
import { WLLAMA_ESM_DIR, wllamaPageHtml, type RawTimings, type RawWllamaWindow } from '../fixtures/wllama-page';
import { chromiumPath, HEADLESS_ARGS } from '../e2e/extension';
import { benchModels } from './bench-models';

/**
 * Prefill of a 2,000-token input and decode of 256 tokens with 1 and with 2 threads: the same wllama
 * build as the CPU engine, in a cross-origin-isolated plain page (as the engine's offscreen document
 * is), from llama.cpp's own timings. Goal: 2 threads ≥ 1.6× 1 thread for prefill.
 */
const PROMPT_TOKENS = 2000;
const DECODE_TOKENS = 256;
const WORDS = 'the cat saw the sun and the dog ran home in the rain '.split(' ').filter(Boolean);

let context: BrowserContext;
let pages: StaticServer;
const servers: ModelServer[] = [];
beforeAll(async () => {
  pages = await serveStatic({ '/wllama/': WLLAMA_ESM_DIR }, { isolated: true });
  context = await chromium.launchPersistentContext('', {
    executablePath: chromiumPath(),
    headless: true,
    args: HEADLESS_ARGS,
  });
});
afterAll(async () => {
  await context?.close();
  await pages?.close();
  await Promise.all(servers.map((server) => server.close()));
});

const text = (words: number) => Array.from({ length: words }, (_, index) => WORDS[index % WORDS.length]).join(' ');

async function measure(modelUrl: string, threads: number) {
  const page = await context.newPage();
  await page.goto(pages.page(`/raw-${threads}.html`, wllamaPageHtml(modelUrl, { threads })));
  const load = await page.evaluate(() => (window as unknown as RawWllamaWindow).rawReady);
  const complete = (prompt: string, maxTokens: number) =>
    page.evaluate((request) => (window as unknown as RawWllamaWindow).rawComplete(request), { prompt, maxTokens });
  // The tokenizer decides how many words make 2,000 tokens: ask once, then scale.
  const probe = await complete(text(400), 1);
  const words = Math.round((400 * PROMPT_TOKENS) / probe.promptTokens);
  const timings: RawTimings = await complete(text(words), DECODE_TOKENS);
  await page.close();
  return { load, timings, prefillPerSecond: (timings.promptTokens * 1000) / timings.promptMs };
}

test('prefill and decode with 1 and 2 threads', async () => {
  const lines = [`Prefill of ~${PROMPT_TOKENS} tokens, decode of ${DECODE_TOKENS}, temperature 0, isolated page:`];
  for (const model of benchModels()) {
    const server = await serveModel(model.bytes);
    servers.push(server);
    const one = await measure(server.url, 1);
    const two = await measure(server.url, 2);
    for (const [threads, run] of [
      [1, one],
      [2, two],
    ] as const) {
      lines.push(
        `  ${model.name}, ${threads} thread(s) (wllama: ${run.load.threads}, multithread ${run.load.multithread}): ` +
          `prefill ${run.timings.promptTokens} tokens at ${run.prefillPerSecond.toFixed(1)} tok/s, ` +
          `decode ${run.timings.predictedTokens} tokens at ${run.timings.predictedPerSecond.toFixed(1)} tok/s`,
      );
    }
    lines.push(
      `  ${model.name}: 2 ÷ 1 threads: prefill ${(two.prefillPerSecond / one.prefillPerSecond).toFixed(2)}× ` +
        `(goal ≥ 1.6×), decode ${(two.timings.predictedPerSecond / one.timings.predictedPerSecond).toFixed(2)}×`,
    );
  }
  console.log(lines.join('\n'));
});
