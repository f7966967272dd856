import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type LoadedExtension } from './extension';

// With --enable-unsafe-webgpu this Chromium offers WebGPU through SwiftShader, a software adapter:
// real WebGPU, but far too slow for a language model. The picker must refuse it and say so.
let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension({ extraArgs: ['--enable-unsafe-webgpu'] });
});
afterAll(() => extension?.close());

test('a software WebGPU adapter is refused with that reason, and the CPU engine is offered instead', async () => {
  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect.poll(() => status.textContent()).toContain('llama.cpp on your CPU needs a one-time download.');
  expect(await status.getByRole('listitem').filter({ hasText: 'WebLLM on your GPU' }).textContent()).toContain(
    'The only WebGPU adapter is a software one (SwiftShader)',
  );
});

test('allowing software WebGPU in the options makes WebLLM offer its download', async () => {
  const options = await extension.openOptions();
  await options.getByLabel('Use a software WebGPU adapter (SwiftShader) anyway: very slow').check();
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await expect.poll(() => options.getByRole('status').textContent()).toContain('Saved');

  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  // The real web-llm module is loaded in the offscreen document to choose a model and ask its cache.
  await expect
    .poll(() => status.textContent(), { timeout: 30_000 })
    .toContain('WebLLM on your GPU needs a one-time download.');
  expect(await status.getByRole('listitem').filter({ hasText: 'WebLLM on your GPU' }).textContent()).toMatch(
    /about [\d,]+ MB/,
  );
  expect(await panel.getByRole('button', { name: 'Download for WebLLM on your GPU' }).isVisible()).toBe(true);
});
