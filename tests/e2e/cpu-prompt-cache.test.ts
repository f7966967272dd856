import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, configure, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

let extension: LoadedExtension;
let server: ModelServer;

beforeAll(async () => {
  server = await serveModel(createTinyGguf());
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
});

async function readyPanel(): Promise<Page> {
  const options = await extension.openOptions();
  await useCpuModel(options, 'Tiny test model', server.url);
  await configure(
    options,
    {
      'Temperature (0 to 2; 0 gives the same answer every time)': '0',
      'Maximum answer length in tokens (16 to 8192)': '30',
    },
    'Save sampling settings',
  );
  const panel = await extension.openPanel();
  const download = panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' });
  await expect
    .poll(async () => (await download.count()) + (await panel.getByText('Answering with llama.cpp').count()))
    .toBeGreaterThan(0);
  if (await download.count()) await download.click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  return panel;
}

/** The answer's metrics line, once it is done: the prompt tokens read, of all, when some were reused. */
async function answered(panel: Page): Promise<{ read?: number; total?: number; metrics: string }> {
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  const metrics = (await lastAnswer(panel).locator('.metrics').textContent()) ?? '';
  const reuse = /(\d+) of (\d+) prompt tokens read/.exec(metrics);
  return { metrics, ...(reuse && { read: Number(reuse[1]), total: Number(reuse[2]) }) };
}

test('a follow-up reuses what llama.cpp read of the conversation, and so does a regenerate', async () => {
  const panel = await readyPanel();
  await ask(panel, 'Tell me a story about a small cat and a big dog who went home');
  const first = await answered(panel);
  // Nothing to reuse in a new conversation: the whole prompt was read, and the line says nothing of it.
  expect(first.metrics).not.toContain('prompt tokens read');

  await ask(panel, 'And then?');
  const followUp = await answered(panel);
  // The first turn's prompt (the question, over 20 tokens, in its template) is not read again. This
  // random-weight model's answer re-tokenizes differently from the tokens it chose, so the reuse
  // ends where its answer begins; a real model's text mostly re-tokenizes the same.
  expect(followUp.read).toBeLessThan(followUp.total! - 20);

  await lastAnswer(panel).getByRole('button', { name: 'Regenerate' }).click();
  const regenerated = await answered(panel);
  expect(regenerated.total).toBe(followUp.total);
  // The same history as the follow-up's: all of it is reused, but the last token.
  expect(regenerated.read).toBeLessThanOrEqual(2);
});

test('while it reads a long input the answer shows how far it has read', async () => {
  const panel = await readyPanel();
  await panel.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      for (const line of document.querySelectorAll('.thinking')) seen.push(line.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const words = 'the cat saw the sun and the dog ran home in the rain '.repeat(30);
  await ask(panel, `Summarize: ${words}`);
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  const seen = await panel.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const percents = seen.flatMap((text) => /^Reading… (\d+)%$/.exec(text)?.[1] ?? []).map(Number);
  // Shown on its way, not only at its start and end.
  expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
});
