import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { launchFirefox, type LoadedFirefox } from './firefox';
import { answerLengths, answerMetrics, answerStatus, answerText, ask, click, configure, engineStatus } from './ui';

// The real CPU engine in Firefox: llama.cpp in WebAssembly, in the engine page inside the add-on's
// background page, with a GGUF this suite generates and serves from 127.0.0.1.
let firefox: LoadedFirefox;
let server: ModelServer;
const MODEL_BYTES = createTinyGguf();

beforeAll(async () => {
  // Slow enough that the download's progress can be seen.
  server = await serveModel(MODEL_BYTES, { bytesPerSecond: 300_000 });
  firefox = await launchFirefox();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test('Firefox: no built-in model; the CPU engine downloads with progress, streams, stops, answers again', async () => {
  const options = await firefox.openOptions();
  await configure(options, { 'Model name': 'Tiny test model', 'Model address': server.url }, 'Save engine settings');
  await configure(
    options,
    {
      'Temperature (0 to 2; 0 gives the same answer every time)': '0',
      'Maximum answer length in tokens (16 to 8192)': '3000',
    },
    'Save sampling settings',
  );

  const panel = await firefox.openPanel();
  await expect.poll(() => engineStatus(panel)).toContain('llama.cpp on your CPU needs a one-time download.');
  const status = await engineStatus(panel);
  expect(status).toContain('Firefox has no built-in model');
  expect(status).toContain('This Firefox offers no WebGPU on this system.');
  expect(status).toContain(
    `Downloads Tiny test model once (${Math.round(MODEL_BYTES.length / 1000)} kB) from 127.0.0.1`,
  );

  await click(panel, 'Download for llama.cpp on your CPU');
  const headlines = new Set<string>();
  await expect
    .poll(
      async () => {
        const headline = await panel.evaluate(
          () => document.querySelector('.engine-status .headline')?.textContent ?? '',
        );
        headlines.add(headline);
        return headline;
      },
      { interval: 50, timeout: 30_000 },
    )
    .toBe('Answering with llama.cpp on your CPU: Tiny test model.');
  const downloading = [...headlines].filter((headline) => headline.startsWith('Downloading Tiny test model…'));
  expect(downloading.length).toBeGreaterThan(2);
  expect(server.requests()).toBe(1);

  // Deltas arrive progressively: the answer grows in many steps.
  await ask(panel, 'Hello');
  const lengths = await answerLengths(panel);
  expect(lengths.filter((length) => length > 0).length).toBeGreaterThan(3);
  const metrics = await answerMetrics(panel);
  expect(metrics).toContain('llama.cpp on your CPU: Tiny test model');
  expect(Number(/([\d.]+) tokens\/s/.exec(metrics)?.[1])).toBeGreaterThan(0);

  // Stop ends the answer; the engine is free for the next question.
  await ask(panel, 'Tell me more');
  await expect.poll(async () => (await answerText(panel)).length).toBeGreaterThan(50);
  await click(panel, 'Stop');
  await expect.poll(() => answerStatus(panel)).toBe('stopped');
  const stopped = await answerText(panel);
  await new Promise((wake) => setTimeout(wake, 300));
  expect(await answerText(panel)).toBe(stopped);
  await expect.poll(() => answerMetrics(panel)).toMatch(/^Stopped · /);
  await ask(panel, 'And then?');
  await expect.poll(() => answerStatus(panel), { timeout: 30_000 }).toBe('done');
  expect((await answerText(panel)).length).toBeGreaterThan(0);
});
