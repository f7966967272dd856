import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchExtension, type LoadedExtension } from './extension';

let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(() => extension?.close());

test('a model that must be downloaded waits for the user, then shows progress, then answers', async () => {
  await extension.installFakeLanguageModel({
    availability: 'downloadable',
    downloadSteps: 6,
    downloadStepMs: 150,
    fillerWords: 2,
  });
  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect.poll(() => status.textContent()).toContain('Gemini Nano (built into Chrome) needs a one-time download.');

  // Nothing is downloaded without consent: a message asks for the download instead.
  await panel.getByRole('textbox', { name: 'Message' }).fill('Hello');
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(() => panel.getByRole('article', { name: 'Inkling' }).getByRole('alert').textContent())
    .toContain('must be downloaded first');
  expect((await extension.fakeLog()).creates).toHaveLength(0);

  await panel.getByRole('button', { name: 'Download for Gemini Nano (built into Chrome)' }).click();
  const bar = panel.getByRole('progressbar', { name: 'Chrome is downloading Gemini Nano' });
  const values = new Set<number>();
  await expect
    .poll(
      async () => {
        if (await bar.isVisible()) values.add(Number(await bar.getAttribute('value')));
        return status.textContent();
      },
      { interval: 50 },
    )
    .toContain('Answering with Gemini Nano');
  expect(values.size).toBeGreaterThan(2);

  await panel.getByRole('textbox', { name: 'Message' }).fill('Hello again');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect
    .poll(() => panel.getByRole('article', { name: 'Inkling' }).last().locator('.answer').textContent())
    .toBe('You said "Hello again". word1 word2');
});
