import type { ChatCompletionChunk, ChatCompletionRequestStreaming } from '@mlc-ai/web-llm';
import { QUOTED_ANSWER_SCHEMA } from '../context/json-answer';
import { describe, expect, it } from 'vitest';
import {
  createFakeWebLlm,
  fakeAnswer,
  fakeGpu,
  fakePromptTokens,
  fakeTokenize,
  webLlmErrors,
  type FakeGpuConfig,
  type FakeWebLlmConfig,
} from '../../tests/fakes/fake-mlc-engine';
import { InklingError } from '../contracts/errors';
import type { ChatMessage, PrepareProgress } from '../contracts/engine';
import type { EngineRequest } from './engine';
import { WebLlmEngine, type WebLlmSettings } from './webllm';
import { collect } from '../../tests/unit/streams';

const LLAMA_F16 = 'Llama-3.2-1B-Instruct-q4f16_1-MLC';
const LLAMA_F32 = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const SYSTEM: ChatMessage = { role: 'system', content: 'You are a terse assistant.' };
const user = (content: string): ChatMessage => ({ role: 'user', content });

interface Setup {
  gpu?: FakeGpuConfig | 'none';
  settings?: Partial<WebLlmSettings>;
  webllm?: Partial<FakeWebLlmConfig>;
}

function setup({ gpu = { adapter: 'hardware' }, settings = {}, webllm = {} }: Setup = {}) {
  const fake = createFakeWebLlm(webllm);
  const current: WebLlmSettings = { allowFallbackAdapter: false, ...settings };
  const navigatorGpu = gpu === 'none' ? undefined : fakeGpu(gpu);
  let loads = 0;
  const engine = new WebLlmEngine({
    loadWebLlm: async () => {
      loads++;
      return fake.module;
    },
    gpu: () => navigatorGpu,
    settings: () => current,
  });
  return { fake, engine, settings: current, loads: () => loads };
}

function ask(content: string, extra: Partial<Omit<EngineRequest, 'messages'>> = {}): EngineRequest {
  return { messages: [SYSTEM, user(content)], options: {}, signal: new AbortController().signal, ...extra };
}

/** The fake's answer to `content`, with `words` filler words. */
const answerTo = (content: string, words = 12) => fakeAnswer([{ role: 'user', content }], words);

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a failure.');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A signal nobody aborts; a fresh one each time, as surfaces give. */
const live = () => new AbortController().signal;

describe('the fake follows web-llm', () => {
  it('blocks the next request behind a stream that was abandoned, until return() is called (#620)', async () => {
    const fake = createFakeWebLlm({ cached: [LLAMA_F16] });
    const mlc = new fake.module.MLCEngine({ appConfig: fake.module.prebuiltAppConfig });
    await mlc.reload(LLAMA_F16);
    const request = (content: string): ChatCompletionRequestStreaming => ({
      messages: [{ role: 'user', content }],
      stream: true,
    });
    const first = (await mlc.chat.completions.create(request('first')))[Symbol.asyncIterator]();
    await first.next();
    const second = (await mlc.chat.completions.create(request('second')))[Symbol.asyncIterator]();
    const next = second.next();
    const outcome = await Promise.race([next.then(() => 'ran'), sleep(50).then(() => 'blocked')]);
    expect(outcome).toBe('blocked');
    await first.return?.();
    expect((await next).value).toMatchObject({ choices: [{ delta: { content: 'You' } }] });
    await second.return?.();
  });

  it('streams deltas, a finish chunk, then a usage chunk without choices', async () => {
    const fake = createFakeWebLlm({ cached: [LLAMA_F16] });
    const mlc = new fake.module.MLCEngine();
    await mlc.reload(LLAMA_F16);
    const chunks: ChatCompletionChunk[] = [];
    const messages = [{ role: 'user' as const, content: 'hi' }];
    for await (const chunk of await mlc.chat.completions.create({
      messages,
      stream: true,
      stream_options: { include_usage: true },
    }))
      chunks.push(chunk);
    const tokens = fakeTokenize(fakeAnswer(messages));
    expect(chunks).toHaveLength(tokens.length + 2);
    expect(chunks.at(-2)?.choices).toEqual([{ delta: {}, finish_reason: 'stop', index: 0 }]);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: fakePromptTokens(messages),
        completion_tokens: tokens.length,
        extra: { time_to_first_token_s: expect.any(Number) },
      },
    });
  });

  it('ends an interrupted stream with finish_reason abort, and clears the flag for the next one', async () => {
    const fake = createFakeWebLlm({ cached: [LLAMA_F16] });
    const mlc = new fake.module.MLCEngine();
    await mlc.reload(LLAMA_F16);
    const reasons: (string | null | undefined)[] = [];
    for await (const chunk of await mlc.chat.completions.create({
      messages: [{ role: 'user', content: 'a' }],
      stream: true,
    })) {
      void mlc.interruptGenerate();
      reasons.push(chunk.choices[0]?.finish_reason);
    }
    expect(reasons).toEqual([null, 'abort']);
    const completion = await mlc.chat.completions.create({ messages: [{ role: 'user', content: 'b' }] });
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: fakeAnswer([{ role: 'user', content: 'b' }]) },
    });
  });

  it('refuses requests before a model is loaded', async () => {
    const fake = createFakeWebLlm();
    const mlc = new fake.module.MLCEngine();
    const error = await failure(
      mlc.chat.completions.create({ messages: [{ role: 'user', content: 'x' }], stream: true }),
    );
    expect(error).toMatchObject({ name: 'ModelNotLoadedError' });
  });
});

describe('WebLlmEngine availability', () => {
  it('is unavailable without WebGPU', async () => {
    const { engine } = setup({ gpu: 'none' });
    expect(await engine.availability()).toMatchObject({ state: 'unavailable', reason: 'This browser has no WebGPU.' });
  });

  it('is unavailable without an adapter, and never loads web-llm then', async () => {
    const { engine, loads } = setup({ gpu: { adapter: 'none' } });
    const availability = await engine.availability();
    expect(availability).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/^No WebGPU adapter/),
      remedy: expect.stringContaining('chrome://gpu'),
    });
    expect(loads()).toBe(0);
  });

  it('refuses a software adapter unless the user allows it, then takes the q4f32 build', async () => {
    const refused = setup({ gpu: { adapter: 'fallback' } });
    expect(await refused.engine.availability()).toMatchObject({
      state: 'unavailable',
      reason: expect.stringContaining('SwiftShader'),
    });
    const forced = setup({ gpu: { adapter: 'fallback' }, settings: { allowFallbackAdapter: true } });
    expect(await forced.engine.availability()).toMatchObject({ state: 'downloadable' });
    expect(forced.engine.model).toBe(LLAMA_F32);
  });

  it('is downloadable with the model and its size when it is not cached', async () => {
    const { engine } = setup();
    expect(await engine.availability()).toEqual({
      state: 'downloadable',
      detail: 'WebLLM downloads Llama 3.2 1B Instruct once (about 879 MB) from huggingface.co before it can answer.',
    });
    expect(engine.model).toBe(LLAMA_F16);
  });

  it('is available when web-llm has the model in its cache', async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    expect(await engine.availability()).toEqual({ state: 'available' });
  });

  it('asks about the q4f32 build on a GPU without shader-f16', async () => {
    const { engine } = setup({ gpu: { adapter: 'hardware', shaderF16: false }, webllm: { cached: [LLAMA_F16] } });
    expect(await engine.availability()).toMatchObject({
      state: 'downloadable',
      detail: expect.stringContaining('about 1129 MB'),
    });
    expect(engine.model).toBe(LLAMA_F32);
  });

  it('is unavailable, pointing at the options, when the preferred model cannot run', async () => {
    const { engine } = setup({
      gpu: { adapter: 'hardware', shaderF16: false },
      settings: { modelId: 'gemma3-1b-it-q4f16_1-MLC' },
    });
    expect(await engine.availability()).toMatchObject({
      state: 'unavailable',
      reason: expect.stringContaining('shader-f16'),
      remedy: expect.stringContaining('options'),
    });
  });

  it('says downloading while a prepare downloads', async () => {
    const { engine } = setup({ webllm: { progressStepMs: 50 } });
    const preparing = engine.prepare(() => {}, live());
    await sleep(60);
    expect(await engine.availability()).toMatchObject({ state: 'downloading' });
    await preparing;
    expect(await engine.availability()).toEqual({ state: 'available' });
  });
});

describe('WebLlmEngine prepare', () => {
  it('loads the chosen model in one MLCEngine, with a bar per phase that never goes back within it', async () => {
    const { engine, fake } = setup({ webllm: { progressSteps: 5 } });
    const reports: PrepareProgress[] = [];
    await engine.prepare((progress) => reports.push(progress), live());
    expect(fake.log.engines).toBe(1);
    expect(fake.log.reloads).toEqual([LLAMA_F16]);
    const phases = [...new Set(reports.map((r) => r.phase))];
    expect(phases).toEqual([
      'Loading Llama 3.2 1B Instruct',
      'Downloading Llama 3.2 1B Instruct',
      'Loading Llama 3.2 1B Instruct onto the GPU',
      'Preparing the GPU for Llama 3.2 1B Instruct',
      'Llama 3.2 1B Instruct is ready',
    ]);
    for (let i = 1; i < reports.length; i++) {
      if (reports[i]!.phase === reports[i - 1]!.phase)
        expect(reports[i]!.progress).toBeGreaterThanOrEqual(reports[i - 1]!.progress);
    }
    expect(reports.every((r) => r.progress >= 0 && r.progress <= 1)).toBe(true);
    expect(reports.at(-1)).toEqual({ progress: 1, phase: 'Llama 3.2 1B Instruct is ready' });
    // web-llm's own progress restarts between phases; ours follows it per phase.
    expect(fake.log.progress.some((r, i) => i > 0 && r.progress < fake.log.progress[i - 1]!.progress)).toBe(true);
  });

  it('holds a report that comes out of order (or is NaN) at the bar’s highest point', async () => {
    const { engine, fake } = setup();
    const script = [
      { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
      {
        progress: 0.5,
        timeElapsed: 1,
        text: 'Fetching param cache[2/4]: 440MB fetched. 50% completed, 1 secs elapsed.',
      },
      // Four downloads run at once in web-llm: a report can arrive after a later one.
      {
        progress: 0.25,
        timeElapsed: 1,
        text: 'Fetching param cache[1/4]: 220MB fetched. 25% completed, 1 secs elapsed.',
      },
      {
        progress: 1,
        timeElapsed: 2,
        text: 'Fetching param cache[4/4]: 879MB fetched. 100% completed, 2 secs elapsed.',
      },
      {
        progress: 0.5,
        timeElapsed: 3,
        text: 'Loading model from cache[1/2]: 440MB loaded. 50% completed, 3 secs elapsed.',
      },
      {
        progress: Number.NaN,
        timeElapsed: 3,
        text: 'Loading model from cache[0/0]: 0MB loaded. NaN% completed, 3 secs elapsed.',
      },
      { progress: 1, timeElapsed: 4, text: 'Finish loading on WebGPU - nvidia ampere' },
    ];
    const Original = fake.module.MLCEngine;
    fake.module.MLCEngine = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        this.reload = async () => {
          for (const report of script) this.getInitProgressCallback()?.(report);
        };
      }
    };
    const reports: PrepareProgress[] = [];
    await engine.prepare((progress) => reports.push(progress), live());
    expect(reports).toEqual([
      { progress: 0, phase: 'Loading Llama 3.2 1B Instruct' },
      { progress: 0, phase: 'Loading Llama 3.2 1B Instruct' },
      { progress: 0.5, phase: 'Downloading Llama 3.2 1B Instruct' },
      { progress: 0.5, phase: 'Downloading Llama 3.2 1B Instruct' },
      { progress: 1, phase: 'Downloading Llama 3.2 1B Instruct' },
      { progress: 0.5, phase: 'Loading Llama 3.2 1B Instruct onto the GPU' },
      { progress: 0.5, phase: 'Loading Llama 3.2 1B Instruct onto the GPU' },
      { progress: 1, phase: 'Llama 3.2 1B Instruct is ready' },
    ]);
  });

  it('does not load again a model that is loaded', async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16] } });
    await engine.prepare(() => {}, live());
    await engine.prepare(() => {}, live());
    expect(fake.log.reloads).toEqual([LLAMA_F16]);
  });

  it('cancels a download: unload(), an AbortError, and nothing loaded', async () => {
    const { engine, fake } = setup({ webllm: { progressStepMs: 50 } });
    const controller = new AbortController();
    const phases: string[] = [];
    const preparing = engine.prepare(({ phase }) => phases.push(phase), controller.signal);
    await sleep(60);
    expect(phases.at(-1)).toBe('Downloading Llama 3.2 1B Instruct');
    controller.abort();
    const error = await failure(preparing);
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(fake.log.unloads).toBeGreaterThanOrEqual(2); // reload()'s own, then ours
    await sleep(100);
    expect(fake.instances[0]!.loadedModelId).toBeUndefined();
    expect(await engine.availability()).toMatchObject({ state: 'downloadable' });
  });

  it(
    'rejects at once when cancelled while loading onto the GPU, ' + 'and the next request still gets an answer',
    async () => {
      const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], progressStepMs: 50 } });
      const controller = new AbortController();
      const phases: string[] = [];
      const preparing = engine.prepare(({ phase }) => phases.push(phase), controller.signal);
      await sleep(75);
      expect(phases.at(-1)).toBe('Loading Llama 3.2 1B Instruct onto the GPU');
      const abortedAt = Date.now();
      controller.abort();
      expect(await failure(preparing)).toMatchObject({ name: 'AbortError' });
      expect(Date.now() - abortedAt).toBeLessThan(40);
      const { text, finish } = await collect(engine.stream(ask('still there?')));
      expect(text).toBe(answerTo('still there?'));
      expect(finish.finishReason).toBe('stop');
      expect(fake.log.reloads).toEqual([LLAMA_F16, LLAMA_F16]);
    },
  );

  it('turns a network failure into engine-failed naming the network', async () => {
    const { engine } = setup({ webllm: { failReload: { phase: 'download', error: webLlmErrors.network() } } });
    const error = await failure(engine.prepare(() => {}, live()));
    expect(error).toBeInstanceOf(InklingError);
    expect(error).toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining(
        'Could not download Llama 3.2 1B Instruct: the network failed (Failed to fetch)',
      ),
    });
  });

  it('turns a lost device into engine-failed naming the GPU’s memory', async () => {
    const { engine } = setup({ webllm: { failReload: { phase: 'shaders', error: webLlmErrors.deviceLost() } } });
    const error = await failure(engine.prepare(() => {}, live()));
    expect(error).toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining('The GPU ran out of memory or was reset while loading Llama 3.2 1B Instruct'),
    });
  });

  it('turns a full disk into engine-failed naming the disk', async () => {
    const { engine } = setup({ webllm: { failReload: { phase: 'download', error: webLlmErrors.quotaExceeded() } } });
    expect(await failure(engine.prepare(() => {}, live()))).toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining('disk space'),
    });
  });

  it('can try again after a failure', async () => {
    const { engine, fake } = setup({ webllm: { failReload: { phase: 'load', error: webLlmErrors.deviceLost() } } });
    await failure(engine.prepare(() => {}, live()));
    fake.config.failReload = undefined;
    await engine.prepare(() => {}, live());
    expect(await engine.availability()).toEqual({ state: 'available' });
  });

  it('refuses with no-engine when there is no GPU', async () => {
    const { engine } = setup({ gpu: { adapter: 'none' } });
    expect(await failure(engine.prepare(() => {}, live()))).toMatchObject({
      code: 'no-engine',
      message: expect.stringMatching(/^No WebGPU adapter/),
    });
  });
});

describe('WebLlmEngine stream', () => {
  it('loads the model when needed and streams deltas that join to the whole answer', async () => {
    const { engine, fake } = setup();
    const { chunks, text, finish } = await collect(engine.stream(ask('hello')));
    expect(fake.log.reloads).toEqual([LLAMA_F16]);
    expect(chunks.length).toBeGreaterThan(5);
    expect(text).toBe(answerTo('hello'));
    expect(finish.finishReason).toBe('stop');
  });

  it('reports web-llm’s token counts from the usage chunk', async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    const request = ask('count me');
    const { finish } = await collect(engine.stream(request));
    expect(finish).toEqual({
      finishReason: 'stop',
      inputTokens: fakePromptTokens(request.messages),
      outputTokens: fakeTokenize(answerTo('count me')).length,
    });
  });

  it('asks web-llm for a stream with usage, the temperature and max_tokens, and no top-K', async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16] } });
    await collect(engine.stream(ask('options', { options: { temperature: 0.3, topK: 5, maxTokens: 100 } })));
    expect(fake.log.requests).toEqual([
      {
        messages: [
          { role: 'system', content: SYSTEM.content },
          { role: 'user', content: 'options' },
        ],
        stream: true,
        stream_options: { include_usage: true },
        temperature: 0.3,
        max_tokens: 100,
      },
    ]);
  });

  it('constrains a quoted answer to the schema, and gives it on as text with its quotes', async () => {
    const json = '{"answer": "Otters float.", "quotes": [{"text": "otters float", "page": 1}]}';
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], reply: () => json } });
    const { text } = await collect(engine.stream({ ...ask('quote'), quoted: true }));
    expect(fake.log.requests[0]).toMatchObject({
      response_format: { type: 'json_object', schema: JSON.stringify(QUOTED_ANSWER_SCHEMA) },
    });
    expect(text).toBe('Otters float.\n\nQuotes:\n[1] "otters float" (page 1)');
  });

  it('turns off Qwen3’s thinking', async () => {
    const { engine, fake } = setup({ settings: { modelId: 'Qwen3-0.6B-q4f16_1-MLC' } });
    await collect(engine.stream(ask('think?')));
    expect(fake.log.requests[0]).toMatchObject({ extra_body: { enable_thinking: false } });
  });

  it('ends with length when max_tokens is reached', async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    const { text, finish } = await collect(engine.stream(ask('long', { options: { maxTokens: 3 } })));
    expect(text).toBe(fakeTokenize(answerTo('long')).slice(0, 3).join(''));
    expect(finish).toMatchObject({ finishReason: 'length', outputTokens: 3 });
  });

  it('cancels mid-stream through the signal, interrupting web-llm, and the next request completes', {
    timeout: 2000,
  }, async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], tokenDelayMs: 10 } });
    const controller = new AbortController();
    const stream = engine.stream(ask('stop me', { signal: controller.signal }));
    const first = await stream.next();
    expect(first.done).toBe(false);
    controller.abort();
    const { finish } = await collect(stream);
    expect(finish.finishReason).toBe('cancelled');
    expect(fake.log.interrupts).toBe(1);
    const next = await collect(engine.stream(ask('and now?')));
    expect(next.text).toBe(answerTo('and now?'));
    expect(fake.log.released).toEqual(['stop me', 'and now?']);
  });

  it('cancels during prefill, before the first token, and the next request completes', { timeout: 2000 }, async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], prefillMs: 100 } });
    await engine.prepare(() => {}, live());
    const controller = new AbortController();
    const answering = collect(engine.stream(ask('slow start', { signal: controller.signal })));
    await sleep(20);
    const abortedAt = Date.now();
    controller.abort();
    expect(await answering).toEqual({ chunks: [], text: '', finish: { finishReason: 'cancelled' } });
    expect(Date.now() - abortedAt).toBeLessThan(40);
    fake.config.prefillMs = 1;
    expect((await collect(engine.stream(ask('quick')))).text).toBe(answerTo('quick'));
    expect(fake.log.released).toEqual(['slow start', 'quick']);
  });

  it('does not let a stream its consumer abandoned (return() without draining) block the next request', {
    timeout: 2000,
  }, async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], tokenDelayMs: 5 } });
    const abandoned = engine.stream(ask('abandon me'));
    await abandoned.next();
    await abandoned.next();
    await abandoned.return({ finishReason: 'cancelled' });
    const { text, finish } = await collect(engine.stream(ask('next one')));
    expect(text).toBe(answerTo('next one'));
    expect(finish.finishReason).toBe('stop');
    expect(fake.log.interrupts).toBe(1);
    expect(fake.log.started).toEqual(['abandon me', 'next one']);
  });

  it('also frees web-llm when a for-await loop breaks out', { timeout: 2000 }, async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    for await (const delta of engine.stream(ask('break'))) {
      void delta;
      break;
    }
    expect((await collect(engine.stream(ask('after break')))).finish.finishReason).toBe('stop');
  });

  it('serves two concurrent requests in order, one at a time', async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], tokenDelayMs: 2 } });
    const order: string[] = [];
    const run = async (content: string) => {
      for await (const delta of engine.stream(ask(content))) order.push(`${content}:${delta}`);
      order.push(`${content}:end`);
    };
    await Promise.all([run('A'), run('B')]);
    const firstB = order.findIndex((entry) => entry.startsWith('B:'));
    expect(order.indexOf('A:end')).toBeLessThan(firstB);
    expect(fake.log.started).toEqual(['A', 'B']);
    expect(fake.log.released).toEqual(['A', 'B']);
  });

  it('cancels a request still waiting its turn without reaching web-llm', async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], tokenDelayMs: 5 } });
    const controller = new AbortController();
    const running = collect(engine.stream(ask('first')));
    const waiting = collect(engine.stream(ask('second', { signal: controller.signal })));
    await sleep(5);
    controller.abort();
    expect((await waiting).finish).toEqual({ finishReason: 'cancelled' });
    expect((await running).finish.finishReason).toBe('stop');
    expect(fake.log.started).toEqual(['first']);
  });

  it('says a conversation is too long for the model’s context as input-too-large', async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    const error = await failure(collect(engine.stream(ask('word '.repeat(5000)))));
    expect(error).toMatchObject({ code: 'input-too-large', message: expect.stringContaining('holds 4096') });
    expect((await collect(engine.stream(ask('short')))).finish.finishReason).toBe('stop');
  });

  it('turns a failure while answering into engine-failed, and answers the next request', async () => {
    const { engine, fake } = setup({ webllm: { cached: [LLAMA_F16], failGenerationWith: new Error('GPU hiccup') } });
    const error = await failure(collect(engine.stream(ask('fail'))));
    expect(error).toMatchObject({ code: 'engine-failed', message: 'WebLLM failed while answering: GPU hiccup' });
    fake.config.failGenerationWith = undefined;
    expect((await collect(engine.stream(ask('again')))).text).toBe(answerTo('again'));
  });

  it('loads the newly chosen model when the setting changes', async () => {
    const { engine, fake, settings } = setup({ webllm: { cached: [LLAMA_F16] } });
    await collect(engine.stream(ask('one')));
    settings.modelId = 'SmolLM2-360M-Instruct-q4f16_1-MLC';
    await collect(engine.stream(ask('two')));
    expect(fake.log.reloads).toEqual([LLAMA_F16, 'SmolLM2-360M-Instruct-q4f16_1-MLC']);
    expect(engine.model).toBe('SmolLM2-360M-Instruct-q4f16_1-MLC');
  });

  it('refuses a request that does not end with a user message', async () => {
    const { engine } = setup();
    const request: EngineRequest = { messages: [SYSTEM], options: {}, signal: live() };
    expect(await failure(collect(engine.stream(request)))).toMatchObject({ code: 'bad-request' });
  });
});

describe('WebLlmEngine context', () => {
  it('tells the context window from the model record', async () => {
    const { engine } = setup({ webllm: { cached: [LLAMA_F16] } });
    expect(engine.contextInfo()).toEqual({});
    await engine.availability();
    expect(engine.contextInfo()).toEqual({ contextWindow: 4096 });
  });
});
