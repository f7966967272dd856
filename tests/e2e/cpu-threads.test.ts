import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { evaluateInOffscreen } from './offscreen';
import { ask, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

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

test('the engines’ page is cross-origin isolated; llama.cpp runs on the 2 threads the options ask for', async () => {
  const options = await extension.openOptions();
  await useCpuModel(options, 'Tiny test model', server.url, { 'CPU threads': '2' });
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  await ask(panel, 'Hello');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');

  expect(await evaluateInOffscreen(extension, 'crossOriginIsolated')).toBe(true);
  // Reported by wllama once loaded: without isolation it would have fallen back to one thread.
  await panel.reload();
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain('Ready: Tiny test model, on your CPU, 2 threads.');
});
