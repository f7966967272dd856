import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { serveModel, type ServeModelOptions } from '../fixtures/model-server';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, engineStatus, lastAnswer, useCpuModel } from './panel-actions';

// Downloads from servers on 127.0.0.1 that misbehave the ways real networks and hosts do.
let extension: LoadedExtension;
const MODEL = createTinyGguf();
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(bytes: Uint8Array, options?: ServeModelOptions) {
  const server = await serveModel(bytes, options);
  servers.push(server);
  return server;
}

const alert = (panel: Page) => engineStatus(panel).getByRole('alert');
const DOWNLOAD = 'Download for llama.cpp on your CPU';

/** The options page's list of downloaded models, once it has read the cache, names no file of `url`. */
async function nothingKept(options: Page, url: string) {
  await options.reload();
  const region = options.getByRole('region', { name: 'Downloaded models' });
  const items = region.getByRole('listitem');
  await expect
    .poll(async () => (await items.count()) + (await region.getByText('No CPU model is downloaded yet.').count()))
    .toBeGreaterThan(0);
  expect((await items.allTextContents()).filter((text) => text.includes(url))).toEqual([]);
}

test('a silent server fails plainly after the set wait; a new address clears that in the open panel', async () => {
  const silent = await serve(MODEL, { misbehave: { kind: 'silent' } });
  const good = await serve(MODEL);
  const options = await extension.openOptions();
  await useCpuModel(options, 'Silent model', silent.url, {
    'Give up a model download after this many seconds without data': '2',
  });
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect.poll(() => alert(panel).textContent()).toContain('sent nothing for 2 seconds');
  await expect.poll(() => engineStatus(panel).textContent()).toContain('It failed:');
  await nothingKept(options, silent.url);

  // Corrected in the options while the panel stays open: the old failure goes at once.
  await useCpuModel(options, 'Tiny test model', good.url);
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain('llama.cpp on your CPU needs a one-time download.');
  expect(await engineStatus(panel).textContent()).not.toContain('It failed:');
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  await ask(panel, 'Hello');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
});

test('half a GGUF ended by a clean close is refused before it is ready, and nothing is kept', async () => {
  const cut = await serve(MODEL, { misbehave: { kind: 'cut-cleanly', bytes: Math.floor(MODEL.length / 2) } });
  const options = await extension.openOptions();
  await useCpuModel(options, 'Half a model', cut.url);
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect
    .poll(() => alert(panel).textContent())
    .toContain(`The download from ${new URL(cut.url).host} ended early`);
  expect(await engineStatus(panel).textContent()).not.toContain('Answering with llama.cpp');
  await nothingKept(options, cut.url);
});

test('garbage after the GGUF magic is refused as not a model, and nothing is kept', async () => {
  const garbage = Uint8Array.from({ length: 200_000 }, (_, index) => (index * 7919 + 13) % 251);
  garbage.set(MODEL.subarray(0, 8));
  const server = await serve(garbage, { path: '/garbage.gguf' });
  const options = await extension.openOptions();
  await useCpuModel(options, 'Garbage', server.url);
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect.poll(() => alert(panel).textContent()).toContain(`The file at ${server.url} is not a GGUF model.`);
  await nothingKept(options, server.url);
});

test('a connection that breaks mid-download resumes with a Range request, and the model answers', async () => {
  const half = Math.floor(MODEL.length / 2);
  const server = await serve(MODEL, { misbehave: { kind: 'break-once', bytes: half } });
  const options = await extension.openOptions();
  await useCpuModel(options, 'Resumed model', server.url);
  const panel = await extension.openPanel();
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect.poll(() => engineStatus(panel).textContent()).toContain('Answering with llama.cpp on your CPU');
  expect(server.ranges()).toEqual(['', `bytes=${half}-`]);
  await ask(panel, 'Hello');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
});

test('an address that answers 404 offers no size: an error page’s length is not the model’s', async () => {
  const server = await serve(MODEL);
  const options = await extension.openOptions();
  await useCpuModel(options, 'Missing model', `${server.origin}/missing.gguf`);
  const panel = await extension.openPanel();
  await expect
    .poll(() => engineStatus(panel).textContent())
    .toContain('Downloads Missing model once (size not known until it starts) from 127.0.0.1');
  await panel.getByRole('button', { name: DOWNLOAD }).click();
  await expect.poll(() => alert(panel).textContent()).toContain('answered 404 Not Found for the model address');
});
