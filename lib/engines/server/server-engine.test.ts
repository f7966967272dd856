import { describe, expect, test } from 'vitest';
import type { ServerSettings } from '../../settings/settings';
import { collect } from '../../../tests/unit/streams';
import { QUOTED_ANSWER_SCHEMA } from '../../context/json-answer';
import { fakeFetch, type Call } from '../../../tests/unit/fake-fetch';
import { ServerEngine } from './server-engine';

const EXTENSION = 'chrome-extension://abcdefghijklmnop';

const sse = (...lines: string[]) => new Response(lines.join(''), { headers: { 'content-type': 'text/event-stream' } });
const delta = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

function engineFor(server: Partial<ServerSettings>, routes: Parameters<typeof fakeFetch>[0], apiKey?: string) {
  const fake = fakeFetch(routes);
  const engine = new ServerEngine({ extensionOrigin: EXTENSION, fetch: fake.fetch });
  engine.configure({
    server: { address: 'http://gpu-box.lan:8000/v1', kind: 'openai', model: 'qwen', stallSeconds: 30, ...server },
    ...(apiKey && { apiKey }),
  });
  return { engine, calls: fake.calls };
}

const request = (signal = new AbortController().signal) => ({
  messages: [{ role: 'user' as const, content: 'Hi' }],
  options: { temperature: 0 },
  signal,
});

describe('the server engine', () => {
  test('is named by where it runs, and is not listed until it is set up', () => {
    const bare = new ServerEngine({ extensionOrigin: EXTENSION });
    expect(bare.isSetUp()).toBe(false);
    const { engine } = engineFor({}, {});
    expect(engine.isSetUp()).toBe(true);
    expect(engine.label).toBe('Your server on gpu-box.lan');
    expect(engine.model).toBe('qwen');
  });

  test('streams an OpenAI-compatible answer, sending the key only to the server', async () => {
    const { engine, calls } = engineFor(
      {},
      {
        'http://gpu-box.lan:8000/v1/chat/completions': () =>
          sse(
            delta('Hello'),
            delta(' there'),
            'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}\n\n',
            'data: [DONE]\n\n',
          ),
      },
      'sk-secret',
    );
    const { text, finish } = await collect(engine.stream(request()));
    expect(text).toBe('Hello there');
    expect(finish).toEqual({ finishReason: 'stop', inputTokens: 5, outputTokens: 2 });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect((call!.init.headers as Record<string, string>).authorization).toBe('Bearer sk-secret');
    expect(call!.init.redirect).toBe('error');
    expect(JSON.parse(String(call!.init.body))).toMatchObject({ model: 'qwen', stream: true, temperature: 0 });
  });

  test('streams an Ollama answer from /api/chat', async () => {
    const { engine } = engineFor(
      { address: 'http://localhost:11434', kind: 'ollama' },
      {
        'http://localhost:11434/api/chat': () =>
          new Response(
            '{"message":{"content":"Hi"},"done":false}\n{"message":{"content":""},"done":true,"eval_count":1}\n',
          ),
      },
    );
    expect(await collect(engine.stream(request()))).toMatchObject({ text: 'Hi', finish: { outputTokens: 1 } });
  });

  test('a cancel closes the request: the body is cancelled and the fetch aborted', async () => {
    let bodyCancelled = false;
    let fetchSignal: AbortSignal | undefined;
    const { engine } = engineFor(
      {},
      {
        'http://gpu-box.lan:8000/v1/chat/completions': (init) => {
          fetchSignal = init.signal ?? undefined;
          return new Response(
            new ReadableStream({
              start: (controller) => controller.enqueue(new TextEncoder().encode(delta('One'))),
              cancel: () => {
                bodyCancelled = true;
              },
            }),
          );
        },
      },
    );
    const abort = new AbortController();
    const stream = engine.stream(request(abort.signal));
    expect((await stream.next()).value).toBe('One');
    const next = stream.next();
    abort.abort();
    expect(await next).toEqual({ done: true, value: { finishReason: 'cancelled' } });
    expect(bodyCancelled).toBe(true);
    expect(fetchSignal?.aborted).toBe(true);
  });

  test('is available when the server lists its model, and says why not otherwise', async () => {
    const models = () => Response.json({ object: 'list', data: [{ id: 'qwen' }, { id: 'llama' }] });
    expect(await engineFor({}, { 'http://gpu-box.lan:8000/v1/models': models }).engine.availability()).toEqual({
      state: 'available',
    });
    expect(
      await engineFor({ model: 'gone' }, { 'http://gpu-box.lan:8000/v1/models': models }).engine.availability(),
    ).toMatchObject({ state: 'unavailable', reason: 'It has no model “gone”.' });
    const down = await engineFor(
      {},
      { 'http://gpu-box.lan:8000/': () => Promise.reject(new TypeError('x')) },
    ).engine.availability();
    expect(down).toMatchObject({
      state: 'unavailable',
      reason: 'Cannot connect to http://gpu-box.lan:8000. Is the server running, and is the address right?',
    });
  });

  test('never sends a request to another origin', async () => {
    const { engine, calls } = engineFor({}, {});
    await engine.availability();
    expect(calls.every((call) => new URL(call.url).origin === 'http://gpu-box.lan:8000')).toBe(true);
  });
});

describe('the server engine’s failures', () => {
  test('a stream that stalls ends in an error after the text it sent, and closes the request', async () => {
    let cancelled = false;
    const timers: (() => void)[] = [];
    const fake = fakeFetch({
      'http://gpu-box.lan:8000/v1/chat/completions': () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(new TextEncoder().encode(delta('So far'))),
            cancel: () => {
              cancelled = true;
            },
          }),
        ),
    });
    const engine = new ServerEngine({
      extensionOrigin: EXTENSION,
      fetch: fake.fetch,
      setTimer: (run) => {
        timers.push(run);
        return () => timers.splice(timers.indexOf(run), 1);
      },
    });
    engine.configure({
      server: { address: 'http://gpu-box.lan:8000/v1', kind: 'openai', model: 'qwen', stallSeconds: 30 },
    });
    const stream = engine.stream(request());
    expect((await stream.next()).value).toBe('So far');
    const next = stream.next();
    await expect.poll(() => timers.length).toBe(1);
    timers[0]!();
    await expect(next).rejects.toThrow(
      'Your server on gpu-box.lan stopped sending: nothing came for 30 seconds. ' +
        'What it wrote is kept; send again to retry.',
    );
    expect(cancelled).toBe(true);
  });

  test('a refused request says so in plain words, and an error event mid-stream keeps the server’s words', async () => {
    const { engine } = engineFor(
      {},
      {
        'http://gpu-box.lan:8000/v1/chat/completions': () =>
          sse(delta('Half'), 'event: error\ndata: {"error":{"message":"the GPU fell over"}}\n\n'),
      },
    );
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const text of engine.stream(request())) chunks.push(text);
      })(),
    ).rejects.toThrow('Your server on gpu-box.lan reported an error: the GPU fell over');
    expect(chunks).toEqual(['Half']);
    const refusing = engineFor({}, { 'http://gpu-box.lan:8000/': () => new Response(null, { status: 200 }) }).engine;
    await expect(collect(refusing.stream(request()))).rejects.toMatchObject({ code: 'not-allowed' });
  });

  describe('asked for an answer that quotes its sources', () => {
    const json = JSON.stringify({ answer: 'Tea is "green".', quotes: [{ text: 'Tea is green.', page: 1 }] });
    const quoted = () => ({ ...request(), quoted: true });
    const body = (call: Call | undefined) => JSON.parse(String(call!.init.body)) as Record<string, unknown>;

    test('sends the JSON schema and streams the answer with its quotes last', async () => {
      const { engine, calls } = engineFor(
        {},
        { 'http://gpu-box.lan:8000/v1/chat/completions': () => sse(delta(json.slice(0, 20)), delta(json.slice(20))) },
      );
      const { text } = await collect(engine.stream(quoted()));
      expect(text).toBe('Tea is "green".\n\nQuotes:\n[1] "Tea is green." (page 1)');
      expect(body(calls[0]).response_format).toEqual({
        type: 'json_schema',
        json_schema: { name: 'quoted_answer', schema: QUOTED_ANSWER_SCHEMA, strict: true },
      });
    });

    test('gives Ollama the schema as its format', async () => {
      const { engine, calls } = engineFor(
        { address: 'http://localhost:11434', kind: 'ollama' },
        {
          'http://localhost:11434/api/chat': () =>
            new Response(`${JSON.stringify({ message: { content: json }, done: false })}\n{"done":true}\n`),
        },
      );
      expect((await collect(engine.stream(quoted()))).text).toContain('Quotes:\n[1] "Tea is green."');
      expect(body(calls[0]).format).toEqual(QUOTED_ANSWER_SCHEMA);
    });

    test('asks once more without the schema when the server refuses it (400)', async () => {
      const { engine, calls } = engineFor(
        {},
        {
          'http://gpu-box.lan:8000/v1/chat/completions': (init) =>
            'response_format' in JSON.parse(String(init.body))
              ? new Response('{"error":"unknown field response_format"}', { status: 400 })
              : sse(delta('Tea is green.\n\nQuotes:\n[1] "Tea is green." (page 1)')),
        },
      );
      const { text } = await collect(engine.stream(quoted()));
      expect(text).toBe('Tea is green.\n\nQuotes:\n[1] "Tea is green." (page 1)');
      expect(calls.map((call) => 'response_format' in body(call))).toEqual([true, false]);
    });

    test('passes on the text format of a server that accepted the schema but ignored it', async () => {
      const { engine } = engineFor(
        {},
        { 'http://gpu-box.lan:8000/v1/chat/completions': () => sse(delta('  Tea'), delta(' is green.')) },
      );
      expect((await collect(engine.stream(quoted()))).text).toBe('  Tea is green.');
    });
  });
});
