import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { servePages, type PageServer } from '../fixtures/page-server';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { launchExtension, type LoadedExtension } from '../e2e/extension';

/**
 * "Translate this page" on a 5,000-word page (250 paragraphs of 20 words), through the whole
 * product: with the Translator fake (each call as slow as `TRANSLATOR_MS`) and with the CPU engine
 * as the fallback (the suite's generated model). Printed: when the first paragraph on screen shows
 * its translation and when the last does, timed inside the page from the command.
 */
const PARAGRAPHS = 250;
const WORDS = 20;
const TRANSLATOR_MS = 5;
const ANSWER_TOKENS = 96;

let extension: LoadedExtension;
let pages: PageServer;
let model: ModelServer;
beforeAll(async () => {
  pages = await servePages();
  model = await serveModel(createTinyGguf({ contextLength: 2048 }));
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await pages?.close();
  await model?.close();
});

const WORDS_DE = ['Tee', 'Wasser', 'Blatt', 'warm', 'grün', 'trinken', 'Morgen', 'Garten', 'still', 'Tasse'];
const paragraph = (index: number) =>
  Array.from({ length: WORDS }, (_, word) => WORDS_DE[(index * 7 + word) % WORDS_DE.length]).join(' ');

/** Records, in the page, when the first on-screen paragraph and every paragraph changed. */
const WATCH = `<script>
  window.timing = { changed: 0 };
  new MutationObserver((records) => {
    for (const record of records) {
      const p = record.target.parentElement;
      if (!p || p.dataset.done) continue;
      p.dataset.done = '1';
      window.timing.changed++;
      if (p.id === 'p0') window.timing.first = performance.now();
      if (window.timing.changed === ${PARAGRAPHS}) window.timing.last = performance.now();
    }
  }).observe(document.body, { characterData: true, subtree: true });
</script>`;

async function translateOnce(label: string): Promise<string> {
  const html = `<!doctype html><html lang="de"><body>${Array.from(
    { length: PARAGRAPHS },
    (_, index) => `<p id="p${index}">${paragraph(index)}</p>`,
  ).join('')}${WATCH}</body></html>`;
  const page: Page = await extension.context.newPage();
  await page.goto(pages.page(`/bench-${label.replace(/\W+/g, '-')}.html`, html));
  await page.bringToFront();
  const started = await page.evaluate(() => performance.now());
  await extension.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch('translate-page', tab);
  });
  type Timing = { first?: number; last?: number; changed: number };
  const timing = () => page.evaluate(() => (window as unknown as { timing: Timing }).timing);
  for (let i = 0; i < 6_000 && !(await timing()).last; i++) await page.waitForTimeout(50);
  const { first, last, changed } = await timing();
  await page.close();
  if (!first || !last) return `${label}: only ${changed} of ${PARAGRAPHS} paragraphs changed in 5 minutes`;
  const firstMs = first - started;
  const lastMs = last - started;
  const ratio = (firstMs / lastMs).toFixed(3);
  const whole = (lastMs / 1000).toFixed(1);
  return `${label}: first paragraph on screen ${firstMs.toFixed(0)} ms, whole page ${whole} s (first ÷ whole ${ratio})`;
}

test('translating a 5,000-word page: first paragraph on screen against the whole', async () => {
  const lines = [`Translate this page, ${PARAGRAPHS} paragraphs of ${WORDS} words:`];
  await extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de', delayMs: TRANSLATOR_MS });
  lines.push(await translateOnce(`Chrome's Translator (fake, ${TRANSLATOR_MS} ms a call)`));

  const options = await extension.openOptions();
  await options.getByLabel('Model name').fill('Tiny');
  await options.getByLabel('Model address').fill(model.url);
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill(String(ANSWER_TOKENS));
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  await options.close();
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  const status = panel.getByRole('status', { name: 'Engine status' });
  for (let i = 0; i < 1_200 && !((await status.textContent()) ?? '').includes('Answering with llama.cpp'); i++)
    await panel.waitForTimeout(50);
  await extension.installFakeTranslator({ pairs: {}, detects: 'de' });
  lines.push(await translateOnce(`the CPU engine (generated model, answers of ≤ ${ANSWER_TOKENS} tokens)`));
  console.log(lines.join('\n'));
}, 600_000);
