import { describe, expect, test } from 'vitest';
import type { ServerSettings } from '../../settings/settings';
import { fakeFetch } from '../../../tests/unit/fake-fetch';
import { ServerEngine } from './server-engine';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const sse = (...events: unknown[]) =>
  new Response(events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join(''), {
    headers: { 'content-type': 'text/event-stream' },
  });

function serverAt(server: Pick<ServerSettings, 'address' | 'kind' | 'model'>, routes: Parameters<typeof fakeFetch>[0]) {
  const fake = fakeFetch(routes);
  const engine = new ServerEngine({ extensionOrigin: 'chrome-extension://abc', fetch: fake.fetch });
  engine.configure({ server: { ...server, stallSeconds: 30 } });
  return { engine, calls: fake.calls };
}

describe('the context of the model on the user’s server', () => {
  test('vLLM says it in its model list', async () => {
    const { engine } = serverAt(
      { address: 'http://gpu-box:8000/v1', kind: 'openai', model: 'qwen' },
      {
        'http://gpu-box:8000/v1/models': () =>
          json({ object: 'list', data: [{ id: 'qwen', object: 'model', max_model_len: 32_768 }] }),
      },
    );
    expect(engine.contextInfo()).toEqual({});
    await engine.availability();
    expect(engine.contextInfo()).toEqual({ contextWindow: 32_768 });
  });

  test('llama.cpp’s server says it in /props, per slot', async () => {
    const { engine } = serverAt(
      { address: 'http://127.0.0.1:8080', kind: 'openai', model: 'tiny' },
      {
        'http://127.0.0.1:8080/v1/models': () => json({ object: 'list', data: [{ id: 'tiny', object: 'model' }] }),
        'http://127.0.0.1:8080/props': () => json({ default_generation_settings: { n_ctx: 8192 }, total_slots: 1 }),
      },
    );
    await engine.availability();
    expect(engine.contextInfo()).toEqual({ contextWindow: 8192 });
  });

  test('Ollama’s is not said before a request, so none is claimed and nothing more is asked', async () => {
    const { engine, calls } = serverAt(
      { address: 'http://localhost:11434', kind: 'ollama', model: 'llama3' },
      { 'http://localhost:11434/api/tags': () => json({ models: [{ name: 'llama3' }] }) },
    );
    await engine.availability();
    expect(engine.contextInfo()).toEqual({});
    expect(calls.map(({ url }) => url)).toEqual(['http://localhost:11434/api/tags']);
  });

  test('learns its tokenizer from the server’s count of a long prompt', async () => {
    const { engine } = serverAt(
      { address: 'http://127.0.0.1:8080', kind: 'openai', model: 'tiny' },
      {
        'http://127.0.0.1:8080/v1/chat/completions': () =>
          sse(
            { choices: [{ delta: { content: 'Hi' }, finish_reason: 'stop' }] },
            { choices: [], usage: { prompt_tokens: 1000, completion_tokens: 1 } },
          ),
      },
    );
    const messages = [{ role: 'user' as const, content: 'word '.repeat(800) }];
    for await (const _ of engine.stream({ messages, options: {}, signal: new AbortController().signal }));
    expect(engine.contextInfo()).toEqual({ charsPerToken: 4 });
  });
});
