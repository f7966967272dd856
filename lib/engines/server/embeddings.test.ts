import { describe, expect, test } from 'vitest';
import type { ServerSettings } from '../../settings/settings';
import { fakeFetch } from '../../../tests/unit/fake-fetch';
import { embeddingModelOf } from './embeddings';
import { ServerEngine } from './server-engine';

const live = () => new AbortController().signal;
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const sent = (init: RequestInit) => JSON.parse(String(init.body)) as { model: string; input: string[] };
/** A vector per text that tells the texts apart: its length, its first character code. */
const vectorOf = (text: string) => [text.length, text.charCodeAt(0)];

async function serverWith(server: Pick<ServerSettings, 'address' | 'kind'>, models: string[], embed: string) {
  const listing =
    server.kind === 'ollama' ? { models: models.map((name) => ({ name })) } : { data: models.map((id) => ({ id })) };
  const fake = fakeFetch({
    [`${server.address}${server.kind === 'ollama' ? '/api/tags' : '/models'}`]: () => json(listing),
    [embed]: (init) => {
      const { input } = sent(init);
      return server.kind === 'ollama'
        ? json({ model: 'nomic-embed-text', embeddings: input.map(vectorOf) })
        : // OpenAI's data may come in any order: each item says its index.
          json({ object: 'list', data: input.map((text, index) => ({ index, embedding: vectorOf(text) })).reverse() });
    },
  });
  const engine = new ServerEngine({ extensionOrigin: 'chrome-extension://abc', fetch: fake.fetch });
  engine.configure({ server: { ...server, model: 'llama3', stallSeconds: 30 } });
  await engine.availability();
  return { engine, calls: fake.calls };
}

describe('embeddings on the user’s server', () => {
  test('an embedding model is recognised by its usual names, a chat model is not', () => {
    expect(embeddingModelOf(['llama3:8b', 'nomic-embed-text:latest'])).toBe('nomic-embed-text:latest');
    expect(embeddingModelOf(['bge-m3'])).toBe('bge-m3');
    expect(embeddingModelOf(['all-minilm:l6-v2'])).toBe('all-minilm:l6-v2');
    expect(embeddingModelOf(['llama3:8b', 'qwen2.5:7b', 'gemma3'])).toBeUndefined();
  });

  test('a server without an embedding model offers none', async () => {
    const { engine } = await serverWith({ address: 'http://localhost:11434', kind: 'ollama' }, ['llama3'], 'x');
    expect(engine.embedder()).toBeUndefined();
  });

  test('Ollama embeds through /api/embed, in batches, and a follow-up embeds only what is new', async () => {
    const embed = 'http://localhost:11434/api/embed';
    const { engine, calls } = await serverWith(
      { address: 'http://localhost:11434', kind: 'ollama' },
      ['llama3', 'nomic-embed-text'],
      embed,
    );
    const embedder = engine.embedder()!;
    expect(embedder.label).toBe('nomic-embed-text on localhost');
    const passages = Array.from({ length: 40 }, (_, i) => `Passage ${i}${'.'.repeat(i)}`);
    const vectors = await embedder.embed(['Who?', ...passages], live());
    expect(vectors).toEqual(['Who?', ...passages].map(vectorOf));
    const batches = calls.filter((call) => call.url === embed).map((call) => sent(call.init));
    expect(batches.map(({ input }) => input.length)).toEqual([32, 9]);
    expect(batches.every(({ model }) => model === 'nomic-embed-text')).toBe(true);

    await embedder.embed(['And where?', ...passages], live());
    const after = calls.filter((call) => call.url === embed).map((call) => sent(call.init).input);
    expect(after.at(-1)).toEqual(['And where?']);
  });

  test('an OpenAI-compatible server embeds through /v1/embeddings, its vectors put back in order', async () => {
    const embed = 'http://gpu-box.lan:8000/v1/embeddings';
    const { engine } = await serverWith(
      { address: 'http://gpu-box.lan:8000/v1', kind: 'openai' },
      ['qwen', 'bge-m3'],
      embed,
    );
    const vectors = await engine.embedder()!.embed(['a', 'bb', 'ccc'], live());
    expect(vectors).toEqual(['a', 'bb', 'ccc'].map(vectorOf));
  });

  test('a server that answers in another shape fails the embedding, for the words to rank alone', async () => {
    const fake = fakeFetch({
      'http://localhost:11434/api/tags': () => json({ models: [{ name: 'nomic-embed-text' }] }),
      'http://localhost:11434/api/embed': () => json({ embedding: [1, 2] }),
    });
    const engine = new ServerEngine({ extensionOrigin: 'chrome-extension://abc', fetch: fake.fetch });
    engine.configure({
      server: { address: 'http://localhost:11434', kind: 'ollama', model: 'nomic-embed-text', stallSeconds: 30 },
    });
    await engine.availability();
    await expect(engine.embedder()!.embed(['a'], live())).rejects.toThrow();
  });
});
