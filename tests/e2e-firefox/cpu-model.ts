import { expect } from 'vitest';
import type { LoadedFirefox } from './firefox';
import { click, configure, text } from './ui';

/** Points the CPU engine at a served model, as a user does in the options, and downloads it. */
export async function useTinyCpuModel(firefox: LoadedFirefox, modelUrl: string, maxTokens: number, temperature = '') {
  const options = await firefox.openOptions();
  await configure(options, { 'Model name': 'Tiny test model', 'Model address': modelUrl }, 'Save engine settings');
  const sampling = {
    'Maximum answer length in tokens (16 to 8192)': String(maxTokens),
    ...(temperature && { 'Temperature (0 to 2; 0 gives the same answer every time)': temperature }),
  };
  await configure(options, sampling, 'Save sampling settings');
  const panel = await firefox.openPanel();
  await click(panel, 'Download for llama.cpp on your CPU');
  await expect
    .poll(() => text(panel, '.engine-status .headline'), { timeout: 30_000 })
    .toBe('Answering with llama.cpp on your CPU: Tiny test model.');
  await Promise.all([panel.close(), options.close()]);
}
