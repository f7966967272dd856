import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from '../e2e/extension';
import { benchModels } from './bench-models';

/**
 * First token at turns 1 to 6 of one conversation whose history grows, through the whole product
 * (the CPU engine in the extension, with its prompt cache), as the answer's metrics line gives it.
 * Goal: turn 6 ≤ 1.3× turn 1.
 */
const TURNS = 6;
const ANSWER_TOKENS = 64;
const QUESTION = 'Tell me more about the cat and the dog, the sun and the rain, and the small red bird at home.';

let extension: LoadedExtension;
const servers: ModelServer[] = [];
beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await Promise.all(servers.map((server) => server.close()));
});

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 6000; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function use(name: string, url: string): Promise<Page> {
  const options = await extension.openOptions();
  await options.getByLabel('Model name').fill(name);
  await options.getByLabel('Model address').fill(url);
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await options.getByLabel('Temperature (0 to 2; 0 gives the same answer every time)').fill('0');
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill(String(ANSWER_TOKENS));
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  await options.close();
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await waitFor(async () => ((await status.textContent()) ?? '').includes('Answering with llama.cpp'), 'the model');
  return panel;
}

test('first token at turns 1 to 6 of one conversation', async () => {
  const lines = [`First token by turn, one conversation, questions of ~20 words, answers of ${ANSWER_TOKENS} tokens:`];
  for (const model of benchModels()) {
    const server = await serveModel(model.bytes);
    servers.push(server);
    const panel = await use(model.name, server.url);
    const firsts: number[] = [];
    for (let turn = 1; turn <= TURNS; turn++) {
      await panel.getByRole('textbox', { name: 'Message' }).fill(`${turn}. ${QUESTION}`);
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
      const answer = panel.getByRole('article', { name: 'Inkling' }).last();
      await waitFor(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer');
      const metrics = (await answer.locator('.metrics').textContent()) ?? '';
      const [, value, unit] = /first token ([\d.]+) (ms|s)/.exec(metrics) ?? [];
      firsts.push(Number(value) * (unit === 's' ? 1000 : 1));
      const read = /(\d+ of \d+) prompt tokens read/.exec(metrics)?.[1] ?? 'all prompt tokens read';
      lines.push(`  ${model.name}, turn ${turn}: first token ${firsts.at(-1)!.toFixed(0)} ms (${read})`);
    }
    lines.push(`  ${model.name}: turn ${TURNS} ÷ turn 1 = ${(firsts.at(-1)! / firsts[0]!).toFixed(2)} (goal ≤ 1.3)`);
    await panel.close();
  }
  console.log(lines.join('\n'));
});
