import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLocalModel, tinyModelFile, type LocalModel } from '../fixtures/llama-model';
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../fixtures/llm-server';
import { launchExtension, type LoadedExtension } from './extension';
import { ask, lastAnswer } from './panel-actions';
import { openRecordedOptions, saveServer, testConnection } from './server-options';

// Each way a server fails, as the user sees it: in the options' connection test or under the answer.
let model: LocalModel;
let extension: LoadedExtension;
const servers: LlmServer[] = [];

beforeAll(async () => {
  model = await loadLocalModel(await tinyModelFile());
  extension = await launchExtension();
});
afterAll(async () => {
  await extension?.close();
  for (const server of servers) await server.close();
  await model?.close();
});

async function serve(options: Partial<LlmServerOptions> = {}) {
  const server = await startLlmServer({ model, ...options });
  servers.push(server);
  return server;
}

/** Asks in a new panel and waits for the answer to end; returns its error's words. */
async function askForError(question: string): Promise<{ error: string; text: string }> {
  const panel = await extension.openPanel();
  await ask(panel, question);
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toMatch(/^(failed|done)$/);
  const alert = lastAnswer(panel).getByRole('alert');
  const error = (await alert.count()) > 0 ? ((await alert.textContent()) ?? '') : '';
  const text = (await lastAnswer(panel).locator('.answer').textContent()) ?? '';
  await panel.close();
  return { error, text };
}

/** Sets up `address` through the options page; `fields` are more of its inputs. */
async function setUp(address: string, fields: Record<string, string> = {}) {
  const options = await openRecordedOptions(extension);
  for (const [label, value] of Object.entries(fields)) await options.getByLabel(label).fill(value);
  expect(await testConnection(options, address)).toMatch(/^Found /);
  await saveServer(options);
  return options;
}

test('an address where nothing answers: is it running, is the address right', async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const options = await openRecordedOptions(extension);
  expect(await testConnection(options, `http://127.0.0.1:${port}`)).toBe(
    `Cannot connect to http://127.0.0.1:${port}. Is the server running, and is the address right?`,
  );
});

test('an Ollama that does not allow the extension’s origin: 403, and how to allow it', async () => {
  // Ollama checks the Origin header, which the browser sends with the chat's POST.
  const ollama = await serve({ allowedOrigins: ['http://localhost'] });
  await setUp(ollama.origin);
  const said = (await askForError('Hello')).error;
  expect(said).toContain('Your server on 127.0.0.1 refused Inkling’s requests (CORS or 403).');
  expect(said).toContain(`set OLLAMA_ORIGINS=chrome-extension://${extension.extensionId} where Ollama runs`);
});

test('a server that wants a key: 401 without it; with it the key is used, kept, and never shown back', async () => {
  const key = 'sk-inkling-test-7b3f9d21';
  const guarded = await serve({ apiKey: key });
  const options = await openRecordedOptions(extension);
  expect(await testConnection(options, `${guarded.origin}/v1`)).toBe(
    'Your server on 127.0.0.1 refused the API key (401). Check the key in Inkling’s options.',
  );
  expect(await testConnection(options, `${guarded.origin}/v1`, key)).toMatch(/^Found an OpenAI-compatible server/);
  await saveServer(options);
  const reopened = await openRecordedOptions(extension);
  await expect.poll(() => reopened.getByLabel(/^API key/).getAttribute('placeholder')).toBe('Saved: ••••9d21');
  expect(await reopened.getByLabel(/^API key/).inputValue()).toBe('');
  expect(await reopened.content()).not.toContain(key);
  const { error, text } = await askForError('Hello');
  expect(error).toBe('');
  expect(text).not.toBe('');
});

test('busy (503 with Retry-After), a model that went away, a context too small: each in plain words', async () => {
  const server = await serve({ models: ['tiny-llama', 'tiny-chat'] });
  await setUp(`${server.origin}/v1`);
  server.setFault({ kind: 'status', status: 503, retryAfter: 7 });
  expect((await askForError('Hello')).error).toBe(
    'Your server on 127.0.0.1 is busy; it asks to try again in 7 seconds.',
  );
  server.setFault({ kind: 'status', status: 429 });
  expect((await askForError('Hello')).error).toBe('Your server on 127.0.0.1 is busy; try again in a moment.');
  server.setFault(undefined);

  const long = 'the cat saw the dog and the bird. '.repeat(800);
  expect((await askForError(long)).error).toBe(
    'This conversation is too long for the model’s context on the server (4096 tokens). ' +
      'Shorten it, start a new chat, or give the model a larger context on the server.',
  );

  // Listed when the panel asked, gone when the question came.
  const panel = await extension.openPanel();
  await expect.poll(() => panel.getByRole('status', { name: 'Engine status' }).textContent()).toContain('tiny-llama');
  server.models.splice(0, 1);
  await ask(panel, 'Hello');
  await expect
    .poll(() => lastAnswer(panel).getByRole('alert').textContent())
    .toBe('Your server on 127.0.0.1 has no model “tiny-llama”. Pick one of its models in Inkling’s options.');
});

test('a stream that stalls ends in an error after the text it showed; Auto says when the server is gone', async () => {
  const server = await serve();
  await setUp(`${server.origin}/v1`, { 'Give up when the server sends nothing for this many seconds': '2' });
  server.setFault({ kind: 'stall', afterChunks: 5 });
  const { error, text } = await askForError('Hello');
  expect(error).toBe(
    'Your server on 127.0.0.1 stopped sending: nothing came for 2 seconds. What it wrote is kept; send again to retry.',
  );
  expect(text).not.toBe('');

  await server.close();
  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect
    .poll(() => status.locator('.headline').textContent())
    .toBe('Your server on 127.0.0.1 does not answer. llama.cpp on your CPU needs a one-time download.');
  expect(await status.textContent()).toContain(`Cannot connect to ${server.origin}.`);
});
