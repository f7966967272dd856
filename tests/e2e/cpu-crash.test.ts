import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, configure, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

// A model that writes lone halves of UTF-8 characters: for some prompts wllama's streaming breaks
// mid-answer and leaves that instance unusable.
let extension: LoadedExtension;
let server: ModelServer;

beforeAll(async () => {
  server = await serveModel(createTinyGguf({ emitsBrokenText: true }));
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
});

test('after llama.cpp fails mid-answer, the next request starts afresh and is answered', async () => {
  const options = await extension.openOptions();
  await useCpuModel(options, 'Broken model', server.url);
  await configure(
    options,
    {
      'Temperature (0 to 2; 0 gives the same answer every time)': '0',
      'Maximum answer length in tokens (16 to 8192)': '16',
    },
    'Save sampling settings',
  );
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  await ask(panel, 'Hello');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('failed');
  expect(await lastAnswer(panel).getByRole('alert').textContent()).toContain('llama.cpp failed');

  // Reopening the panel tries the engine again: the same model, a fresh llama.cpp.
  await panel.reload();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  await ask(panel, 'Once upon a time');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  expect(await lastAnswer(panel).locator('.metrics').textContent()).toContain('llama.cpp on your CPU: Broken model');
});
