import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadLocalModel, tinyModelFile, type LocalModel } from '../fixtures/llama-model';
import { startLlmServer, type LlmServer } from '../fixtures/llm-server';
import { launchFirefox, type LoadedFirefox } from './firefox';
import {
  answerLengths,
  answerMetrics,
  answerStatus,
  answerText,
  ask,
  choose,
  click,
  configure,
  fill,
  text,
} from './ui';

// The user's own server in Firefox: real llama.cpp (node-llama-cpp) behind the test server that
// speaks OpenAI's SSE, set up through the options page as a user would.
let model: LocalModel;
let server: LlmServer;
let firefox: LoadedFirefox;

beforeAll(async () => {
  model = await loadLocalModel(await tinyModelFile());
  server = await startLlmServer({ model, models: ['tiny-llama', 'tiny-chat'] });
  firefox = await launchFirefox();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
  await model?.close();
});

const connection = (options: Parameters<typeof text>[0]) => text(options, '[role=note][aria-label="Connection"]');

test('Firefox: the options find the server and its models; the panel streams from it, Stop closes it', async () => {
  const options = await firefox.openOptions();
  await configure(options, { 'Maximum answer length in tokens (16 to 8192)': '300' }, 'Save sampling settings');
  await fill(options, 'Server address', `${server.origin}/v1`);
  await click(options, 'Test connection');
  await expect
    .poll(() => connection(options))
    .toBe('Found an OpenAI-compatible server with 2 models: tiny-llama, tiny-chat.');
  await choose(options, 'Server model', 'tiny-chat');
  await click(options, 'Save server');
  await expect.poll(() => text(options, '[role=status]')).toContain('Saved');

  const panel = await firefox.openPanel();
  await expect
    .poll(() => text(panel, '.engine-status .headline'))
    .toBe('Answering with Your server on 127.0.0.1: tiny-chat.');
  await ask(panel, 'Hello');
  const lengths = await answerLengths(panel);
  expect(lengths.filter((length) => length > 0).length).toBeGreaterThan(3);
  expect(await answerMetrics(panel)).toContain('Your server on 127.0.0.1: tiny-chat');
  expect(server.finished()).toBe(1);

  server.setFault({ kind: 'slow', delayMs: 20 });
  await ask(panel, 'Tell me more');
  await expect.poll(async () => (await answerText(panel)).length).toBeGreaterThan(20);
  await click(panel, 'Stop');
  await expect.poll(() => answerStatus(panel)).toBe('stopped');
  await expect.poll(() => server.closedEarly()).toBe(1);
  server.setFault(undefined);
  await ask(panel, 'And then?');
  await expect.poll(() => answerStatus(panel), { timeout: 30_000 }).toBe('done');
  expect(server.finished()).toBe(2);
});
