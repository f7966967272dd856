import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type LoadedExtension } from './extension';

// Debian's Chromium has a `LanguageModel` that answers 'unavailable' and no WebGPU adapter: with
// the engine set to Built-in, nothing can run, and the panel must say so plainly.
let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension();
  const options = await extension.openOptions();
  await options.getByLabel('Engine', { exact: true }).selectOption('builtin');
  await options.getByRole('button', { name: 'Save engine settings' }).click();
  await options.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
});
afterAll(() => extension?.close());

test('the panel says plainly that no engine can run in this Chromium, and why', async () => {
  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect.poll(() => status.textContent()).toContain('No engine can run in this browser.');
  const engines = status.getByRole('listitem');
  expect(await engines.filter({ hasText: 'Gemini Nano' }).textContent()).toContain(
    'Chrome’s built-in model (Gemini Nano) is not available in this browser. Use Chrome 138 or newer',
  );
  expect(await engines.filter({ hasText: 'llama.cpp on your CPU' }).textContent()).toContain(
    'Not chosen in Inkling’s settings.',
  );
});

test('sending anyway shows the reason inline and keeps the question', async () => {
  const panel = await extension.openPanel();
  await panel.getByRole('textbox', { name: 'Message' }).fill('Is anyone there?');
  await panel.getByRole('button', { name: 'Send' }).click();
  const answer = panel.getByRole('article', { name: 'Inkling' });
  await expect.poll(() => answer.getByRole('alert').textContent()).toContain('No engine can run in this browser.');
  expect(await panel.getByRole('article', { name: 'You' }).locator('.text').textContent()).toBe('Is anyone there?');
});

test('the toolbar icon opens the side panel', async () => {
  const behavior = await extension.worker.evaluate(() => chrome.sidePanel.getPanelBehavior());
  expect(behavior.openPanelOnActionClick).toBe(true);
});
