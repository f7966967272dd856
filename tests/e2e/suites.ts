import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { afterAll, beforeAll } from 'vitest';
import { servePages, type PageServer } from '../fixtures/page-server';
import { launchExtension, type LoadedExtension } from './extension';

/**
 * Points the CPU engine at the suite's generated model, served from 127.0.0.1, and downloads it from
 * the panel as a user would: from then on the real llama.cpp engine answers.
 */
export async function useTinyCpuModel(
  extension: LoadedExtension,
  maxTokens = 48,
  served?: ModelServer,
): Promise<ModelServer> {
  const model = served ?? (await serveModel(createTinyGguf()));
  const options = await extension.openOptions();
  await options.getByLabel('Model name').fill('Tiny test model');
  await options.getByLabel('Model address').fill(model.url);
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await options.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill(String(maxTokens));
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  await panel.getByText('Answering with llama.cpp on your CPU: Tiny test model.').waitFor();
  await Promise.all([panel.close(), options.close()]);
  return model;
}

/**
 * For a test file: the built extension, and a server for the test's pages, launched before its tests
 * (then `prepare`, e.g. a model) and closed after them.
 */
export function withExtensionAndPages(prepare?: (extension: LoadedExtension) => Promise<{ close(): Promise<void> }>) {
  const suite = {} as { extension: LoadedExtension; pages: PageServer };
  let prepared: { close(): Promise<void> } | undefined;
  beforeAll(async () => {
    suite.pages = await servePages();
    suite.extension = await launchExtension();
    prepared = await prepare?.(suite.extension);
  });
  afterAll(async () => {
    await suite.extension?.close();
    await prepared?.close();
    await suite.pages?.close();
  });
  return suite;
}

/** The same, answering with the generated model on the CPU engine. */
export const withCpuModel = (maxTokens?: number) =>
  withExtensionAndPages((extension) => useTinyCpuModel(extension, maxTokens));
