import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

let extension: LoadedExtension;
let first: ModelServer;
let second: ModelServer;

beforeAll(async () => {
  first = await serveModel(createTinyGguf({ seed: 1 }));
  second = await serveModel(createTinyGguf({ seed: 2 }));
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await first?.close();
  await second?.close();
});

async function download(options: Page, name: string, url: string) {
  await useCpuModel(options, name, url);
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain(`Answering with llama.cpp on your CPU: ${name}.`);
  await panel.close();
}

const metrics = async (panel: Page) => {
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  return (await lastAnswer(panel).locator('.metrics').textContent()) ?? '';
};

test('with two models downloaded, a conversation can answer with the one the settings do not name', async () => {
  const options = await extension.openOptions();
  await download(options, 'Model One', first.url);
  await download(options, 'Model Two', second.url);

  const panel = await extension.openPanel();
  const choice = panel.getByRole('combobox', { name: 'CPU model for this chat' });
  await expect
    .poll(() => choice.locator('option').allTextContents())
    .toEqual(['The one set in the options', 'Model One', 'Model Two']);
  await choice.selectOption({ label: 'Model One' });
  await ask(panel, 'Hello one');
  expect(await metrics(panel)).toContain('llama.cpp on your CPU: Model One');
  await ask(panel, 'And then?');
  expect(await metrics(panel)).toContain('llama.cpp on your CPU: Model One');

  // A new conversation answers with the settings' model; the first keeps its own when reopened.
  await panel.getByRole('button', { name: 'New chat' }).click();
  await ask(panel, 'Hello two');
  expect(await metrics(panel)).toContain('llama.cpp on your CPU: Model Two');
  await panel.reload();
  await panel.getByRole('button', { name: 'Conversations' }).click();
  await panel
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: 'Open Hello one' })
    .click();
  await expect.poll(() => choice.inputValue()).toBe(first.url);
});
