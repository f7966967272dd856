import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from '../e2e/extension';

/**
 * The CPU engine through the whole product: a GGUF served from 127.0.0.1, set in the options page,
 * downloaded from the side panel, then answers streamed into it. Prints what the panel shows.
 * Model: INKLING_BENCH_MODEL, else ../shared/models/stories260K.gguf when present, else the suite's
 * generated tiny model.
 */
const SHARED_MODEL = resolve(import.meta.dirname, '../../../shared/models/stories260K.gguf');
const modelPath = process.env.INKLING_BENCH_MODEL ?? (existsSync(SHARED_MODEL) ? SHARED_MODEL : undefined);
const ROUNDS = 5;

let extension: LoadedExtension;
let server: ModelServer;
beforeAll(async () => {
  server = await serveModel(modelPath ? readFileSync(modelPath) : createTinyGguf());
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
});

async function waitFor(check: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function fill(options: Page, label: string, value: string) {
  await options.getByLabel(label).fill(value);
}

test('CPU engine through the side panel', async () => {
  const options = await extension.openOptions();
  await fill(options, 'Model name', modelPath ? 'stories260K' : 'generated tiny model');
  await fill(options, 'Model address', server.url);
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await fill(options, 'Maximum answer length in tokens (16 to 8192)', '256');
  await options.getByRole('button', { name: 'Save sampling settings' }).click();

  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await waitFor(async () => ((await status.textContent()) ?? '').includes('Answering with llama.cpp'), 'the model');

  const rows: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await panel.getByRole('textbox', { name: 'Message' }).fill('Once upon a time');
    await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
    const answer = panel.getByRole('article', { name: 'Inkling' }).last();
    await waitFor(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer');
    rows.push((await answer.locator('.metrics').textContent()) ?? '');
    if (round === 0) console.log(`First answer: ${(await answer.locator('.answer').textContent())?.slice(0, 200)}…`);
  }
  console.log(
    [`CPU engine, ${modelPath ?? 'generated tiny model'}, ${ROUNDS} answers of up to 256 tokens:`, ...rows].join('\n'),
  );
});
