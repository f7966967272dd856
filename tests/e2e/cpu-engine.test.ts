import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { answerLengths, answerText, ask, configure, lastAnswer } from './panel-actions';

// A real model on the real CPU engine: llama.cpp in WebAssembly, in the extension's offscreen
// document, with a GGUF this suite generates and serves from 127.0.0.1.
let extension: LoadedExtension;
let server: ModelServer;
const MODEL_BYTES = createTinyGguf();

beforeAll(async () => {
  // Slow enough that the download's progress can be seen.
  server = await serveModel(MODEL_BYTES, { bytesPerSecond: 300_000 });
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
});

test(
  'the options point the CPU engine at a model; ' + 'the panel downloads it with progress and streams a real answer',
  async () => {
    const options = await extension.openOptions();
    await configure(options, { 'Model name': 'Tiny test model', 'Model address': server.url }, 'Save engine settings');
    await configure(
      options,
      {
        'Temperature (0 to 2; 0 gives the same answer every time)': '0',
        'Maximum answer length in tokens (16 to 8192)': '3000',
      },
      'Save sampling settings',
    );

    const panel = await extension.openPanel();
    const status = panel.getByRole('status', { name: 'Engine status' });
    await expect.poll(() => status.textContent()).toContain('llama.cpp on your CPU needs a one-time download.');
    const statusText = await status.textContent();
    // No GPU here: the picker says why WebLLM cannot run, and what the CPU engine must download.
    expect(statusText).toContain('No WebGPU adapter');
    expect(statusText).toContain(
      `Downloads Tiny test model once (${Math.round(MODEL_BYTES.length / 1000)} kB) from 127.0.0.1`,
    );

    await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
    const headlines = new Set<string>();
    await expect
      .poll(
        async () => {
          const headline = (await status.locator('.headline').textContent()) ?? '';
          headlines.add(headline);
          return headline;
        },
        { interval: 50 },
      )
      .toBe('Answering with llama.cpp on your CPU: Tiny test model.');
    const downloading = [...headlines].filter((headline) => headline.startsWith('Downloading Tiny test model…'));
    expect(downloading.length).toBeGreaterThan(2);
    expect(downloading.some((headline) => headline.includes(' kB of 477 kB)'))).toBe(true);
    expect(server.requests()).toBe(1);

    // Deltas arrive progressively: the answer grows in many steps.
    await ask(panel, 'Hello');
    const lengths = await answerLengths(panel);
    expect(lengths.filter((length) => length > 0).length).toBeGreaterThan(3);
    const metrics = (await lastAnswer(panel).locator('.metrics').textContent()) ?? '';
    expect(metrics).toContain('llama.cpp on your CPU: Tiny test model');
    const speed = Number(/([\d.]+) tokens\/s/.exec(metrics)?.[1]);
    expect(speed).toBeGreaterThan(0);
    expect(metrics).toMatch(/· \d+ tokens ·/);

    // Stop ends the answer; the engine is free for the next question.
    await ask(panel, 'Tell me more');
    await expect.poll(async () => (await answerText(panel)).length).toBeGreaterThan(50);
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('stopped');
    const stopped = await answerText(panel);
    await panel.waitForTimeout(300);
    expect(await answerText(panel)).toBe(stopped);
    await expect.poll(() => lastAnswer(panel).locator('.metrics').textContent()).toMatch(/^Stopped · /);
    await ask(panel, 'And then?');
    await expect.poll(() => lastAnswer(panel).getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
  },
);

test('at temperature 0 the same question gives the same text twice', async () => {
  const options = await extension.openOptions();
  await configure(options, { 'Maximum answer length in tokens (16 to 8192)': '60' }, 'Save sampling settings');
  const panel = await extension.openPanel();
  const answers: string[] = [];
  for (let round = 0; round < 2; round++) {
    if (round > 0) await panel.getByRole('button', { name: 'New chat' }).click();
    await ask(panel, 'Once upon a time');
    await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
    answers.push(await answerText(panel));
  }
  expect(answers[0]!.length).toBeGreaterThan(20);
  expect(answers[1]).toBe(answers[0]);
});

test('after the service worker restarts, the panel reconnects and the next question is answered', async () => {
  const panel = await extension.openPanel();
  await expect
    .poll(() => panel.getByRole('status', { name: 'Engine status' }).textContent())
    .toContain('Answering with llama.cpp');
  const cdp = await extension.context.newCDPSession(panel);
  await cdp.send('ServiceWorker.enable');
  const stopped = extension.worker.evaluate(() => new Promise(() => {})).catch(() => 'stopped');
  await cdp.send('ServiceWorker.stopAllWorkers');
  expect(await stopped).toBe('stopped');

  await ask(panel, 'Are you still there?');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  expect((await answerText(panel)).length).toBeGreaterThan(0);
  expect(await lastAnswer(panel).locator('.metrics').textContent()).toContain('llama.cpp on your CPU');
});

test(
  'the options page lists the downloaded model with its size, ' + 'and deleting it asks for the download again',
  async () => {
    const options = await extension.openOptions();
    const models = options.getByRole('region', { name: 'Downloaded models' });
    await expect.poll(() => models.getByRole('listitem').count()).toBe(1);
    expect(await models.getByRole('listitem').textContent()).toContain(
      `${server.url} ${Math.round(MODEL_BYTES.length / 1000)} kB`,
    );
    await models.getByRole('button', { name: `Delete ${server.url}` }).click();
    await expect.poll(() => models.getByText('No CPU model is downloaded yet.').count()).toBe(1);

    const panel = await extension.openPanel();
    await expect
      .poll(() => panel.getByRole('status', { name: 'Engine status' }).textContent())
      .toContain('llama.cpp on your CPU needs a one-time download.');
  },
);

test(
  'an address that serves something other than a GGUF model ' + 'is refused in plain words, and nothing is kept',
  async () => {
    const notAModel = await serveModel(new TextEncoder().encode('<!doctype html><p>Not a model</p>'), {
      path: '/page.gguf',
    });
    try {
      const options = await extension.openOptions();
      await configure(options, { 'Model name': 'Not a model', 'Model address': notAModel.url }, 'Save engine settings');
      const panel = await extension.openPanel();
      await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
      await expect
        .poll(() => panel.getByRole('status', { name: 'Engine status' }).getByRole('alert').textContent())
        .toContain(`The file at ${notAModel.url} is not a GGUF model.`);
      await options.reload();
      await expect
        .poll(() =>
          options
            .getByRole('region', { name: 'Downloaded models' })
            .getByText('No CPU model is downloaded yet.')
            .count(),
        )
        .toBe(1);
    } finally {
      await notAModel.close();
    }
  },
);
