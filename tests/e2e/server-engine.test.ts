import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLocalModel, tinyModelFile, type LocalModel } from '../fixtures/llama-model';
import { startLlmServer, type LlmServer } from '../fixtures/llm-server';
import { launchExtension, type LoadedExtension } from './extension';
import { extensionRequests } from './net-log';
import { answerLengths, answerText, ask, lastAnswer } from './panel-actions';
import { openRecordedOptions, permissionCalls, saveServer, testConnection } from './server-options';

// Real llama.cpp (node-llama-cpp) behind a server that speaks OpenAI's SSE and Ollama's NDJSON, set
// up through the options page as a user would.
let model: LocalModel;
let server: LlmServer;
let extension: LoadedExtension;
let netLog: string;

beforeAll(async () => {
  model = await loadLocalModel(await tinyModelFile());
  server = await startLlmServer({ model, models: ['tiny-llama', 'tiny-chat'] });
  netLog = join(await mkdtemp(join(tmpdir(), 'inkling-netlog-')), 'net.json');
  extension = await launchExtension({ extraArgs: [`--log-net-log=${netLog}`] });
});
afterAll(async () => {
  await extension?.close();
  await server?.close();
  await model?.close();
  if (netLog) await rm(dirname(netLog), { recursive: true, force: true });
});

test('the options find a server and its models; the panel streams from it, Stop closes it', async () => {
  const options = await openRecordedOptions(extension);
  await options.getByLabel('Maximum answer length in tokens (16 to 8192)').fill('300');
  await options.getByRole('button', { name: 'Save sampling settings' }).click();
  expect(await testConnection(options, `${server.origin}/v1`)).toBe(
    'Found an OpenAI-compatible server with 2 models: tiny-llama, tiny-chat.',
  );
  await saveServer(options, 'tiny-chat');
  expect(await permissionCalls(options)).toEqual([
    ['request', { origins: [`${server.origin}/*`] }],
    ['request', { origins: [`${server.origin}/*`] }],
  ]);

  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect
    .poll(() => status.locator('.headline').textContent())
    .toBe('Answering with Your server on 127.0.0.1: tiny-chat.');
  expect(await panel.locator('.empty').textContent()).toBe(
    'Ask anything. Your server on 127.0.0.1 writes the answers: the conversation goes there and nowhere else.',
  );
  await ask(panel, 'Hello');
  const lengths = await answerLengths(panel);
  const metrics = (await lastAnswer(panel).locator('.metrics').textContent()) ?? '';
  expect(metrics).toContain('Your server on 127.0.0.1: tiny-chat');
  // Deltas arrive progressively: the answer grows in many steps.
  expect(lengths.filter((length) => length > 0).length).toBeGreaterThan(3);
  expect(server.finished()).toBe(1);

  server.setFault({ kind: 'slow', delayMs: 20 });
  await ask(panel, 'Tell me more');
  await expect.poll(async () => (await answerText(panel)).length).toBeGreaterThan(20);
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('stopped');
  await expect.poll(() => server.closedEarly()).toBe(1);
  const stopped = await answerText(panel);
  await panel.waitForTimeout(300);
  expect(await answerText(panel)).toBe(stopped);
  server.setFault(undefined);
  await ask(panel, 'And then?');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
});

test('an Ollama server is found from /api/tags and answers over its own API, named by its host', async () => {
  const ollama = await startLlmServer({
    model,
    models: ['tiny:latest'],
    allowedOrigins: [`chrome-extension://${extension.extensionId}`],
  });
  try {
    const options = await openRecordedOptions(extension);
    expect(await testConnection(options, ollama.origin)).toBe('Found an Ollama server with 1 model: tiny:latest.');
    await saveServer(options);
    const panel = await extension.openPanel();
    await ask(panel, 'Hello');
    await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
    expect(await answerText(panel)).not.toBe('');
    expect(await lastAnswer(panel).locator('.metrics').textContent()).toContain(
      'Your server on 127.0.0.1: tiny:latest',
    );
    const chats = ollama.requests.filter((request) => request.path === '/api/chat');
    expect(chats).toEqual([
      { method: 'POST', path: '/api/chat', origin: `chrome-extension://${extension.extensionId}` },
    ]);
    // The first server's origin was given back when the address moved to this one.
    expect(await permissionCalls(options)).toContainEqual(['remove', { origins: [`${server.origin}/*`] }]);
  } finally {
    await ollama.close();
  }
});

test('removing the server gives its origin back; the session asked nothing of any other origin', async () => {
  const options = await openRecordedOptions(extension);
  await options.getByRole('button', { name: 'Remove server' }).click();
  await expect
    .poll(() => permissionCalls(options))
    .toEqual([['remove', { origins: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/\*$/)] }]]);
  const panel = await extension.openPanel();
  const status = panel.getByRole('status', { name: 'Engine status' });
  await expect.poll(() => status.textContent()).not.toContain('Your server');

  await extension.close();
  const extensionOrigin = `chrome-extension://${extension.extensionId}`;
  const requested = await extensionRequests(netLog, extensionOrigin);
  // The panel, options and worker asked the servers of this session, and nothing else.
  expect(requested.filter((url) => url.startsWith(server.origin))).not.toEqual([]);
  const foreign = requested.filter(
    (url) => !url.startsWith(`${extensionOrigin}/`) && !/^http:\/\/127\.0\.0\.1:\d+\//.test(url),
  );
  expect(foreign).toEqual([]);
});
