import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTinyGgufParts } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { CPU_CATALOGUE } from '../../lib/settings/cpu-catalogue';
import { formatBytes } from '../../lib/ui/format-bytes';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

let extension: LoadedExtension;
let server: ModelServer;
const PARTS = createTinyGgufParts(3);
const partPath = (index: number) => `/tiny-0000${index + 1}-of-00003.gguf`;

beforeAll(async () => {
  server = await serveModel(PARTS[0]!, {
    path: partPath(0),
    files: Object.fromEntries(PARTS.map((part, index) => [partPath(index), part])),
  });
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
});

test('the options list the catalogue with sizes; a chosen model offers its download at that size', async () => {
  const options = await extension.openOptions();
  const catalogue = options.getByRole('region', { name: 'Model catalogue' });
  await expect.poll(() => catalogue.getByRole('listitem').count()).toBe(CPU_CATALOGUE.length);
  for (const model of CPU_CATALOGUE) {
    const text = (await catalogue.getByRole('listitem', { name: model.name }).textContent()) ?? '';
    expect(text).toContain(`about ${formatBytes(model.approximateBytes)} · ${model.licence} · context `);
    expect(text).toContain(`Good at ${model.goodAt}.`);
    expect(text).toContain(`Languages: ${model.languages}.`);
  }
  const chosen = CPU_CATALOGUE[2]!;
  await catalogue.getByRole('button', { name: `Use ${chosen.name}` }).click();
  await expect.poll(() => options.getByLabel('Model address').inputValue()).toBe(chosen.url);
  const panel = await extension.openPanel();
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain(`Downloads ${chosen.name} once (about ${formatBytes(chosen.approximateBytes)}) from huggingface.co.`);
});

test('a model split in three parts is downloaded part by part and answers', async () => {
  const options = await extension.openOptions();
  await useCpuModel(options, 'Split model', server.url);
  const panel = await extension.openPanel();
  const total = PARTS.reduce((sum, part) => sum + part.length, 0);
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain(`Downloads Split model once (${formatBytes(total)}) from 127.0.0.1`);
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  expect(server.requests()).toBe(3);
  await ask(panel, 'Hello');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  expect((await lastAnswer(panel).locator('.answer').textContent())?.length).toBeGreaterThan(0);

  // Kept as one model of three parts, deleted as one.
  await options.reload();
  const models = options.getByRole('region', { name: 'Downloaded models' });
  await expect.poll(() => models.getByRole('listitem').count()).toBe(1);
  expect(await models.getByRole('listitem').textContent()).toContain(`Split model ${server.url} ${formatBytes(total)}`);
  await models.getByRole('button', { name: `Delete ${server.url}` }).click();
  await expect.poll(() => models.getByText('No CPU model is downloaded yet.').count()).toBe(1);
  const kept = await options.evaluate(async () => (await (await caches.open('inkling-models')).keys()).length);
  expect(kept).toBe(0);
});
