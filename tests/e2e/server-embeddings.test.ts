import { afterAll, beforeAll, expect, test } from 'vitest';
import { longArticle } from '../fixtures/long-article';
import { loadLocalModel, tinyModelFile, type LocalModel } from '../fixtures/llama-model';
import { startLlmServer, type LlmServer } from '../fixtures/llm-server';
import { ask, configure, lastAnswer } from './panel-actions';
import { openRecordedOptions, saveServer, testConnection } from './server-options';
import { extensionWithPages } from './with-pages';

// A long page asked about through the user's Ollama, which lists an embedding model beside the chat
// model: the background ranks the page's passages by meaning there as well as by their words. The
// answers come from real llama.cpp; the embeddings from a vector that knows one topic.
const suite = extensionWithPages();
let model: LocalModel;
let server: LlmServer;
const prompts: string[] = [];

/** Close for texts about the lighthouse, whatever their words share with the question. */
const aboutTheLighthouse = (text: string) => [/lighthouse|lamp|keeper/i.test(text) ? 1 : 0, 0.1];

beforeAll(async () => {
  model = await loadLocalModel(await tinyModelFile());
  const recording: LocalModel = {
    ...model,
    generate: (call) => {
      prompts.push(call.messages.at(-1)?.content ?? '');
      return model.generate(call);
    },
  };
  server = await startLlmServer({
    model: recording,
    models: ['nomic-embed-text', 'tiny-chat'],
    embed: aboutTheLighthouse,
  });
});
afterAll(async () => {
  await server?.close();
  await model?.close();
});

test('a long page is ranked by meaning with the server’s embedding model, and the passage found goes in', async () => {
  const options = await openRecordedOptions(suite.extension);
  await configure(options, { 'Maximum answer length in tokens (16 to 8192)': '24' }, 'Save sampling settings');
  expect(await testConnection(options, server.origin)).toBe(
    'Found an Ollama server with 2 models: nomic-embed-text, tiny-chat. ' +
      'nomic-embed-text also ranks the passages of long pages by meaning.',
  );
  // The model that can chat is offered, not the embedding model listed first.
  expect(await options.getByLabel('Server model').inputValue()).toBe('tiny-chat');
  await saveServer(options);

  // The fact shares no word with the question but "the", which every paragraph has more of.
  const fact = 'Ada tends the lamp at the end of the pier every night.';
  await suite.open('/harbour', longArticle(60, fact));
  const panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Use this page: The harbour town' }).click();
  await ask(panel, 'Who is the lighthouse keeper?');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status'), { timeout: 60_000 }).toBe('done');

  const embedded = server.requests.filter((request) => request.path === '/api/embed');
  expect(embedded.length).toBeGreaterThan(1);
  const [named] = await panel.getByRole('list', { name: 'Pages this question is about' }).allTextContents();
  expect(named).toMatch(/^The harbour town \(read \d+ of \d+ passages, chosen by meaning and words\)$/);
  expect(prompts.at(-1)).toContain(fact);
  await panel.close();
});
