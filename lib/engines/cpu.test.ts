import { WllamaError, type ChatCompletionChunk } from '@wllama/wllama/esm/index.js';
import { describe, expect, it } from 'vitest';
import { collect, sleep } from '../../tests/unit/streams';
import { chunk, chunks, fakeWllama, N_CTX, untilStopped, type Respond } from '../../tests/unit/fake-wllama';
import type { ChatMessage, SamplingOptions } from '../contracts/engine';
import { QUOTED_ANSWER_SCHEMA } from '../context/json-answer';
import { CpuEngine } from './cpu';
import { DEFAULT_MAX_TOKENS } from './engine';
import * as modelCache from './model-cache';

const WASM_URL = 'chrome-extension://inkling/wllama.wasm';
const MODEL = { name: 'Tiny Chat', url: 'https://models.example/tiny-chat.gguf' };
const THREADS = 3;

const MODEL_BLOB = new Blob(['GGUF…']);

function setup(
  respond?: Respond,
  { cached = true, loadError, trainedContext }: { cached?: boolean; loadError?: Error; trainedContext?: number } = {},
) {
  const fake = fakeWllama(respond, loadError, trainedContext);
  // The model cache is Cache Storage in the browser; here a cache that has the model, or not.
  const deleted: string[] = [];
  const cache: typeof modelCache = {
    ...modelCache,
    isCached: async () => cached,
    cachedModel: async () => (cached ? [MODEL_BLOB] : undefined),
    deleteCached: async (url) => {
      deleted.push(url);
      return true;
    },
  };
  const engine = new CpuEngine({
    loadWllama: async () => fake.module,
    wasmUrl: WASM_URL,
    model: () => MODEL,
    threads: () => THREADS,
    cache,
  });
  return { engine, deleted, ...fake };
}

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const SYSTEM: ChatMessage = { role: 'system', content: 'Be brief.' };

function ask(messages: ChatMessage[] = [user('Hi?')], options: SamplingOptions = {}, signal = live()) {
  return { messages, options, signal };
}
const live = () => new AbortController().signal;

describe('the CPU engine’s answers', () => {
  it('streams each chunk’s words in order, skipping chunks without any', async () => {
    const { engine } = setup(() =>
      chunks(chunk(null), chunk('Otters '), chunk(''), chunk('float.', { finish: 'stop' })),
    );
    const { chunks: deltas, finish } = await collect(engine.stream(ask()));
    expect(deltas).toEqual(['Otters ', 'float.']);
    expect(finish).toEqual({ finishReason: 'stop' });
  });

  it('an answer cut off at its token limit finishes as length', async () => {
    const { engine } = setup(() => chunks(chunk('Otters'), chunk('', { finish: 'length' })));
    expect((await collect(engine.stream(ask()))).finish).toEqual({ finishReason: 'length' });
  });

  it('token counts come from llama.cpp’s usage chunk', async () => {
    const { engine, calls } = setup(() => chunks(chunk('Hi', { finish: 'stop' }), chunk(null, { usage: [12, 3] })));
    const { finish } = await collect(engine.stream(ask()));
    expect(finish).toEqual({ finishReason: 'stop', inputTokens: 12, outputTokens: 3 });
    expect(calls[0]).toMatchObject({ stream_options: { include_usage: true } });
  });

  it('asks llama.cpp to keep what it read; reports how far it read and how many tokens it had to read', async () => {
    const reading = (processed: number) => ({
      ...chunk(null),
      choices: [],
      prompt_progress: { total: 120, cache: 100, processed, time_ms: 1 },
    });
    const timed = { ...chunk(null), choices: [], timings: { prompt_n: 20 } as ChatCompletionChunk['timings'] };
    const { engine, calls } = setup(() =>
      chunks(reading(110), reading(120), chunk('Hi', { finish: 'stop' }), timed, chunk(null, { usage: [120, 1] })),
    );
    const read: number[] = [];
    const { finish } = await collect(engine.stream({ ...ask(), onReading: (fraction) => read.push(fraction) }));
    expect(read).toEqual([0.5, 1]);
    expect(finish).toMatchObject({ inputTokens: 120, inputTokensRead: 20 });
    expect(calls[0]).toMatchObject({ cache_prompt: true, return_progress: true });
  });

  it('passes the conversation and the user’s temperature, top-k and token limit to llama.cpp', async () => {
    const { engine, calls } = setup();
    const messages = [SYSTEM, user('Hi?')];
    await collect(engine.stream(ask(messages, { temperature: 0.3, topK: 20, maxTokens: 64 })));
    expect(calls[0]).toMatchObject({ messages, stream: true, temperature: 0.3, top_k: 20, max_tokens: 64 });
  });

  it('without settings, llama.cpp’s own sampling is kept and answers stop at the default length', async () => {
    const { engine, calls } = setup();
    await collect(engine.stream(ask()));
    expect(calls[0]?.max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(calls[0]).not.toHaveProperty('temperature');
    expect(calls[0]).not.toHaveProperty('top_k');
  });
});

describe('an answer that quotes its sources', () => {
  it('is constrained to the quoted-answer schema and comes out as text with its quotes', async () => {
    const { engine, calls } = setup(() =>
      chunks(
        chunk('{"answer": "Otters '),
        chunk('float.", "quotes": [{"text": "otters float", "page": 1}]}', { finish: 'stop' }),
      ),
    );
    const { chunks: deltas } = await collect(engine.stream({ ...ask(), quoted: true }));
    expect(calls[0]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'quoted_answer', schema: QUOTED_ANSWER_SCHEMA, strict: true },
    });
    expect(deltas.join('')).toBe('Otters float.\n\nQuotes:\n[1] "otters float" (page 1)');
  });

  it('a model that cannot apply the schema answers unconstrained, in the text format', async () => {
    const { engine, calls } = setup((options) => {
      if (options.response_format) throw new Error('Failed to initialize samplers: std::exception');
      return chunks(chunk('Otters float.\n\nQuotes:\n[1] "otters float" (page 1)', { finish: 'stop' }));
    });
    const { chunks: deltas } = await collect(engine.stream({ ...ask(), quoted: true }));
    expect(calls).toHaveLength(2);
    expect(calls[1]).not.toHaveProperty('response_format');
    expect(deltas.join('')).toBe('Otters float.\n\nQuotes:\n[1] "otters float" (page 1)');
    // Its next quoted answer does not wait for a request that fails again.
    await collect(engine.stream({ ...ask(), quoted: true }));
    expect(calls).toHaveLength(3);
    expect(calls[2]).not.toHaveProperty('response_format');
  });

  it('an ordinary answer is not constrained', async () => {
    const { engine, calls } = setup();
    await collect(engine.stream(ask()));
    expect(calls[0]).not.toHaveProperty('response_format');
  });
});

describe('stopping an answer', () => {
  it('Stop ends the answer as cancelled and stops llama.cpp', async () => {
    const { engine, calls } = setup((options) => untilStopped(options));
    const stopping = new AbortController();
    const stream = engine.stream(ask(undefined, {}, stopping.signal));
    expect(await stream.next()).toEqual({ done: false, value: 'Once' });
    const next = stream.next();
    stopping.abort();
    expect(await next).toEqual({ done: true, value: { finishReason: 'cancelled' } });
    expect(calls[0]?.abortSignal?.aborted).toBe(true);
  });

  it('a reader that leaves the stream early stops llama.cpp too, and the next answer runs', async () => {
    const { engine, calls } = setup((options) => (calls.length === 1 ? untilStopped(options) : chunks(chunk('Next.'))));
    const stream = engine.stream(ask());
    await stream.next();
    await stream.return({ finishReason: 'cancelled' });
    expect(calls[0]?.abortSignal?.aborted).toBe(true);
    expect((await collect(engine.stream(ask()))).text).toBe('Next.');
  });
});

describe('a conversation longer than the model’s context', () => {
  const long = [SYSTEM, user('One?'), assistant('1.'), user('Two?'), assistant('2.'), user('Three?')];

  it('forgets the oldest exchange, keeps the system prompt, answers and says so', async () => {
    const { engine, calls } = setup((options) => {
      if (options.messages.length > 4) throw new WllamaError('The context is full.', 'kv_cache_full');
      return chunks(chunk('Three.', { finish: 'stop' }));
    });
    const { text, finish } = await collect(engine.stream(ask(long)));
    expect(text).toBe('Three.');
    expect(calls.map((call) => call.messages.length)).toEqual([6, 4]);
    expect(calls[1]?.messages).toEqual([SYSTEM, user('Two?'), assistant('2.'), user('Three?')]);
    expect(finish).toEqual({
      finishReason: 'stop',
      notice: 'The oldest messages no longer fit in the model’s context and were left out.',
    });
  });

  it('also when llama.cpp says so in its first chunk, dropping exchanges until it fits', async () => {
    const { engine, calls } = setup(async function* (options) {
      if (options.messages.length > 2) throw new Error('the request exceeds the available context size');
      yield chunk('Three.');
    });
    expect((await collect(engine.stream(ask(long)))).text).toBe('Three.');
    expect(calls.at(-1)?.messages).toEqual([SYSTEM, user('Three?')]);
  });

  it('a single message too long for the context fails, naming the model’s context size', async () => {
    const { engine, calls } = setup(() => {
      throw new WllamaError('The context is full.', 'kv_cache_full');
    });
    await expect(collect(engine.stream(ask([SYSTEM, user('A very long question')])))).rejects.toMatchObject({
      name: 'InklingError',
      code: 'input-too-large',
      message: expect.stringContaining(`(${N_CTX} tokens)`),
    });
    expect(calls).toHaveLength(1);
  });

  it('any other llama.cpp failure is reported as the engine failing, without retrying', async () => {
    const { engine, calls } = setup(async function* () {
      yield chunk('Half');
      throw new WllamaError('Out of memory', 'inference_error');
    });
    await expect(collect(engine.stream(ask(long)))).rejects.toMatchObject({
      code: 'engine-failed',
      message: 'llama.cpp failed: Out of memory',
    });
    expect(calls).toHaveLength(1);
  });
});

describe('one model, one answer at a time', () => {
  it('two requests at once are answered one after the other', async () => {
    let finishFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (finishFirst = resolve));
    const { engine, calls } = setup((options) =>
      calls.length === 1
        ? (async function* () {
            yield chunk('First ');
            await firstHeld;
            yield chunk('done.');
          })()
        : chunks(chunk(`Second for ${options.messages.at(-1)?.content}`)),
    );
    const first = collect(engine.stream(ask([user('A?')])));
    const second = collect(engine.stream(ask([user('B?')])));
    await sleep(0);
    expect(calls).toHaveLength(1);
    finishFirst();
    expect((await first).text).toBe('First done.');
    expect((await second).text).toBe('Second for B?');
    expect(calls).toHaveLength(2);
  });

  it('a request stopped while it waits its turn ends as cancelled and never reaches llama.cpp', async () => {
    const { engine, calls } = setup((options) => untilStopped(options));
    const first = engine.stream(ask());
    await first.next();
    const stopping = new AbortController();
    const second = collect(engine.stream(ask([user('B?')], {}, stopping.signal)));
    stopping.abort();
    expect(await second).toEqual({ chunks: [], text: '', finish: { finishReason: 'cancelled' } });
    expect(calls).toHaveLength(1);
    await first.return({ finishReason: 'cancelled' });
  });
});

describe('loading the model', () => {
  it('loads the downloaded model once, with the shipped WebAssembly and no CDN build', async () => {
    const { engine, instances } = setup();
    expect(engine.contextInfo()).toEqual({});
    await collect(engine.stream(ask()));
    await collect(engine.stream(ask()));
    expect(instances).toHaveLength(1);
    const [wllama] = instances;
    expect(wllama?.paths).toEqual({ default: WASM_URL });
    expect(wllama?.config).toEqual({ suppressNativeLog: true });
    expect(wllama?.compat).toBeNull();
    expect(wllama?.loaded).toEqual({
      blobs: [MODEL_BLOB],
      params: { n_ctx: 4096, n_threads: THREADS, n_gpu_layers: 0, n_batch: 512 },
    });
    // Until the model has read a long prompt, a token a character: the most any tokenizer spends.
    expect(engine.contextInfo()).toEqual({ contextWindow: N_CTX, charsPerToken: 1 });
  });

  it('holds no more than the context its model was trained for', async () => {
    const { engine } = setup(undefined, { trainedContext: 1024 });
    await collect(engine.stream(ask()));
    expect(engine.contextInfo().contextWindow).toBe(1024);
  });

  it('learns how many characters its tokenizer puts in a token from a long prompt', async () => {
    const { engine } = setup(() => chunks(chunk('Hi', { finish: 'stop' }), chunk(null, { usage: [1000, 1] })));
    await collect(engine.stream(ask([user('Short?')])));
    expect(engine.contextInfo().charsPerToken).toBe(1);
    await collect(engine.stream(ask([user('word '.repeat(800))])));
    expect(engine.contextInfo().charsPerToken).toBe(4);
  });

  it('once loaded, says where it runs: the threads wllama reports', async () => {
    const { engine } = setup();
    expect(await engine.availability()).toEqual({ state: 'available' });
    await collect(engine.stream(ask()));
    expect(await engine.availability()).toEqual({ state: 'available', detail: 'on your CPU, 3 threads' });
  });

  it('a model that is not downloaded yet asks for the download', async () => {
    const { engine, instances } = setup(undefined, { cached: false });
    await expect(collect(engine.stream(ask()))).rejects.toMatchObject({
      code: 'needs-download',
      message: expect.stringContaining('Tiny Chat'),
    });
    expect(instances).toEqual([]);
  });

  it('a file llama.cpp cannot load fails plainly and frees what wllama took', async () => {
    const { engine, instances } = setup(undefined, { loadError: new Error('unknown model architecture') });
    await expect(collect(engine.stream(ask()))).rejects.toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining('Could not load Tiny Chat: unknown model architecture.'),
    });
    expect(instances[0]?.exited).toBe(true);
  });

  it('a downloaded file llama.cpp cannot load is not kept: it would fail every question', async () => {
    const { engine, deleted } = setup(undefined, { loadError: new Error('tensor data is not within the file bounds') });
    await expect(engine.prepare(() => {}, live())).rejects.toMatchObject({ code: 'engine-failed' });
    expect(deleted).toEqual([MODEL.url]);
  });

  it('a wllama that crashed is discarded: the next request starts a fresh one and is answered', async () => {
    const { engine, instances, calls } = setup(() =>
      calls.length === 1
        ? (async function* () {
            yield chunk('Half');
            throw new Error('llama.cpp failed: (ABORT)');
          })()
        : chunks(chunk('Fresh.', { finish: 'stop' })),
    );
    await expect(collect(engine.stream(ask()))).rejects.toMatchObject({ code: 'engine-failed' });
    expect(instances[0]?.exited).toBe(true);
    expect((await collect(engine.stream(ask()))).text).toBe('Fresh.');
    expect(instances).toHaveLength(2);
  });
});
