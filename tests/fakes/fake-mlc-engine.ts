/**
 * A fake of the part of @mlc-ai/web-llm 0.2.86 Inkling uses (`MLCEngine`, `prebuiltAppConfig`,
 * `hasModelInCache`), for machines without a GPU or network. It follows web-llm's types
 * (lib/types.d.ts, config.d.ts, openai_api_protocols) and its code (lib/index.js):
 *
 * - `chat.completions.create({ stream: true })` resolves at once with an async generator; the model's
 *   lock is taken on the first `next()` and released only when the generator finishes or `return()`
 *   is called, so an abandoned stream blocks every later request (web-llm #620).
 * - Chunks: deltas (`role: 'assistant'`), then one with `finish_reason` and an empty delta, then with
 *   `stream_options.include_usage` one with `choices: []` and `usage` (with `extra`).
 * - `interruptGenerate()` sets a flag checked before each token and cleared when a generation starts;
 *   the interrupted stream ends with finish_reason 'abort'.
 * - `reload()` unloads first, then reports `{ progress, timeElapsed, text }` in phases whose progress
 *   restarts (fetching, loading from cache, GPU shaders, "Finish loading"). `unload()` aborts only the
 *   download phase, and reload() then resolves without an error, as web-llm's does.
 * - Errors carry web-llm's names and messages (ModelNotLoadedError, ContextWindowSizeExceededError,
 *   DeviceLostError, ShaderF16SupportError, range checks on temperature and max_tokens).
 *
 * Also a fake `navigator.gpu` with a configurable adapter. Only type imports: nothing of web-llm loads.
 */
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionFinishReason,
  ChatCompletionMessageParam,
  ChatCompletionRequestBase,
  ChatCompletionRequestNonStreaming,
  ChatCompletionRequestStreaming,
  ChatOptions,
  CompletionUsage,
  InitProgressCallback,
  InitProgressReport,
  MLCEngineConfig,
  MLCEngineInterface,
  ModelRecord,
} from '@mlc-ai/web-llm';
import type { GPU, GPUAdapter, GPUSupportedLimits } from '../../lib/engines/webgpu';
import { sleep } from '../unit/streams';

const LIB = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base';

/** Copied from web-llm 0.2.86's `prebuiltAppConfig.model_list` (a test compares them with the real ones). */
export const FAKE_MODEL_LIST: ModelRecord[] = [
  {
    model: 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC',
    model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    model_lib: `${LIB}/Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm`,
    vram_required_MB: 1128.82,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC',
    model_id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
    model_lib: `${LIB}/Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm`,
    vram_required_MB: 879.04,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/SmolLM2-360M-Instruct-q4f16_1-MLC',
    model_id: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
    model_lib: `${LIB}/SmolLM2-360M-Instruct-q4f16_1_cs1k-webgpu.wasm`,
    vram_required_MB: 376.06,
    low_resource_required: true,
    required_features: ['shader-f16'],
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/SmolLM2-360M-Instruct-q4f32_1-MLC',
    model_id: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
    model_lib: `${LIB}/SmolLM2-360M-Instruct-q4f32_1_cs1k-webgpu.wasm`,
    vram_required_MB: 579.61,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/gemma3-1b-it-q4f16_1-MLC',
    model_id: 'gemma3-1b-it-q4f16_1-MLC',
    model_lib: `${LIB}/gemma3-1b-it-q4f16_1_cs1k-webgpu.wasm`,
    vram_required_MB: 711.07,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f16_1-MLC',
    model_id: 'Qwen3-0.6B-q4f16_1-MLC',
    model_lib: `${LIB}/Qwen3-0.6B-q4f16_1_cs1k-webgpu.wasm`,
    vram_required_MB: 1403.34,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/Qwen3-0.6B-q4f32_1-MLC',
    model_id: 'Qwen3-0.6B-q4f32_1-MLC',
    model_lib: `${LIB}/Qwen3-0.6B-q4f32_1_cs1k-webgpu.wasm`,
    vram_required_MB: 1924.98,
    low_resource_required: true,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    model_id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    model_lib: `${LIB}/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm`,
    low_resource_required: true,
    vram_required_MB: 944.62,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    model_lib: `${LIB}/Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm`,
    low_resource_required: true,
    vram_required_MB: 1060.2,
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/gemma-2b-it-q4f16_1-MLC',
    model_id: 'gemma-2b-it-q4f16_1-MLC',
    model_lib: `${LIB}/gemma-2b-it-q4f16_1_cs1k-webgpu.wasm`,
    vram_required_MB: 1476.52,
    low_resource_required: false,
    buffer_size_required_bytes: 262144000,
    required_features: ['shader-f16'],
    overrides: { context_window_size: 4096 },
  },
  {
    model: 'https://huggingface.co/mlc-ai/snowflake-arctic-embed-m-q0f32-MLC',
    model_id: 'snowflake-arctic-embed-m-q0f32-MLC-b4',
    model_lib: `${LIB}/snowflake-arctic-embed-m-q0f32-ctx512_cs512_batch4-webgpu.wasm`,
    vram_required_MB: 539.4,
    // ModelType.embedding: an enum value, which `import type` cannot bring.
    model_type: 1,
  },
];

// ---------------------------------------------------------------------------------------------------
// Errors, with web-llm's names and messages (lib/index.js), and the browser's for network and storage.

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export const webLlmErrors = {
  modelNotLoaded: (requestName: string) =>
    namedError(
      'ModelNotLoadedError',
      `Model not loaded before trying to complete ${requestName}. ` +
        `Please ensure you have called MLCEngine.reload(model) to load the model before initiating APIs, ` +
        `or initialize your engine using CreateMLCEngine() with a valid model configuration.`,
    ),
  modelNotFound: (modelId: string) =>
    namedError(
      'ModelNotFoundError',
      `Cannot find model record in appConfig for ${modelId}. ` +
        `Please check if the model ID is correct and included in the model_list configuration.`,
    ),
  contextWindowExceeded: (numPromptTokens: number, contextWindowSize: number) =>
    namedError(
      'ContextWindowSizeExceededError',
      `Prompt tokens exceed context window size: number of prompt tokens: ${numPromptTokens}; ` +
        `context window size: ${contextWindowSize}\n` +
        `Consider shortening the prompt, or increase \`context_window_size\`, ` +
        `or using sliding window via \`sliding_window_size\`.`,
    ),
  deviceLost: () =>
    namedError(
      'DeviceLostError',
      'The WebGPU device was lost while loading the model. ' +
        'This issue often occurs due to running out of memory (OOM). ' +
        'To resolve this, try reloading with a model that has fewer parameters or uses a smaller context length.',
    ),
  shaderF16: () =>
    namedError(
      'ShaderF16SupportError',
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser. ' +
        'You can try to launch Chrome Canary in command line with flag "--enable-dawn-features=allow_unsafe_apis".',
    ),
  /** What `fetch` throws in Chrome when the network fails. */
  network: () => new TypeError('Failed to fetch'),
  quotaExceeded: () => new DOMException('Quota exceeded.', 'QuotaExceededError'),
};

// ---------------------------------------------------------------------------------------------------
// The fake module.

export type FakeLoadPhase = 'download' | 'load' | 'shaders';

export interface FakeWebLlmConfig {
  /** Model ids whose weights are in the cache already. */
  cached: string[];
  /** Features the fake GPU device has; reload() refuses models that require others. */
  deviceFeatures: string[];
  /** Progress reports in each load phase. */
  progressSteps: number;
  progressStepMs: number;
  /** reload() fails in this phase with this error. */
  failReload?: { phase: FakeLoadPhase; error: Error };
  /** Time to prefill the prompt, before the first token. */
  prefillMs: number;
  /** Time per generated token. */
  tokenDelayMs: number;
  /** The answer, given the messages; by default it repeats the last user message and adds words. */
  reply: (messages: ChatCompletionMessageParam[]) => string;
  /** A generation throws this error after its first token. */
  failGenerationWith?: Error;
}

export interface FakeWebLlmLog {
  engines: number;
  reloads: string[];
  unloads: number;
  requests: ChatCompletionRequestBase[];
  /** Generations that took the model's lock, in order, by their last user message. */
  started: string[];
  /** Generations whose lock was released, by their last user message. */
  released: string[];
  interrupts: number;
  progress: InitProgressReport[];
}

export interface FakeWebLlm {
  /** Pass as `loadWebLlm: async () => fake.module`. */
  module: {
    MLCEngine: new (engineConfig?: MLCEngineConfig) => FakeMLCEngine;
    prebuiltAppConfig: AppConfig;
    hasModelInCache: (modelId: string, appConfig?: AppConfig) => Promise<boolean>;
  };
  config: FakeWebLlmConfig;
  log: FakeWebLlmLog;
  /** Every MLCEngine created, newest last. */
  instances: FakeMLCEngine[];
}

/** Tokens as the fake counts them: each word with the spaces before it. */
export function fakeTokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** The default answer: "You said "…"." and `words` filler words. */
export function fakeAnswer(messages: ChatCompletionMessageParam[], words = 12): string {
  const last = [...messages].reverse().find((message) => message.role === 'user');
  let text = `You said "${typeof last?.content === 'string' ? last.content : ''}".`;
  for (let i = 1; i <= words; i++) text += ` word${i}`;
  return text;
}

/** Tokens a prompt takes: its words and four tokens of chat template per message. */
export function fakePromptTokens(messages: ChatCompletionMessageParam[]): number {
  return messages.reduce(
    (sum, message) => sum + 4 + fakeTokenize(typeof message.content === 'string' ? message.content : '').length,
    0,
  );
}

export function createFakeWebLlm(config: Partial<FakeWebLlmConfig> = {}): FakeWebLlm {
  const shared: Shared = {
    config: {
      cached: [],
      deviceFeatures: ['shader-f16'],
      progressSteps: 4,
      progressStepMs: 1,
      prefillMs: 1,
      tokenDelayMs: 1,
      reply: (messages) => fakeAnswer(messages),
      ...config,
    },
    cache: new Set(config.cached ?? []),
    log: { engines: 0, reloads: [], unloads: 0, requests: [], started: [], released: [], interrupts: 0, progress: [] },
    instances: [],
  };
  const prebuiltAppConfig: AppConfig = { cacheBackend: 'cache', model_list: FAKE_MODEL_LIST };
  class MLCEngine extends FakeMLCEngine {
    constructor(engineConfig?: MLCEngineConfig) {
      super(shared, engineConfig);
    }
  }
  return {
    module: {
      MLCEngine,
      prebuiltAppConfig,
      async hasModelInCache(modelId: string, appConfig?: AppConfig): Promise<boolean> {
        findModelRecord(modelId, appConfig ?? prebuiltAppConfig);
        return shared.cache.has(modelId);
      },
    },
    get config() {
      return shared.config;
    },
    log: shared.log,
    instances: shared.instances,
  };
}

interface Shared {
  config: FakeWebLlmConfig;
  /** What the model cache (Cache API) holds; a finished download stays even if loading fails. */
  cache: Set<string>;
  log: FakeWebLlmLog;
  instances: FakeMLCEngine[];
}

interface Loaded {
  modelId: string;
  contextWindowSize: number;
  lock: CustomLock;
}

/** web-llm's CustomLock: FIFO, released by the holder. */
class CustomLock {
  private acquired = false;
  private readonly queue: (() => void)[] = [];

  async acquire(): Promise<void> {
    if (!this.acquired) {
      this.acquired = true;
      return;
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  async release(): Promise<void> {
    if (!this.acquired) throw new Error('InternalError: expect lock is acquired upon release()');
    const next = this.queue.shift();
    if (next) next();
    else this.acquired = false;
  }
}

class FakeCompletions {
  constructor(private readonly engine: FakeMLCEngine) {}

  create(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion>;
  create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
  create(request: ChatCompletionRequestBase): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  create(request: ChatCompletionRequestBase): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    return this.engine.chatCompletion(request);
  }
}

export class FakeMLCEngine
  implements
    Pick<
      MLCEngineInterface,
      | 'setInitProgressCallback'
      | 'getInitProgressCallback'
      | 'setAppConfig'
      | 'reload'
      | 'unload'
      | 'interruptGenerate'
      | 'chatCompletion'
      | 'resetChat'
      | 'getMessage'
    >
{
  readonly chat: { completions: FakeCompletions };
  private appConfig: AppConfig;
  private initProgressCallback?: InitProgressCallback;
  private loaded?: Loaded;
  private interruptSignal = false;
  private reloadController?: AbortController;
  private message = '';

  constructor(
    private readonly shared: Shared,
    engineConfig?: MLCEngineConfig,
  ) {
    this.appConfig = engineConfig?.appConfig ?? { cacheBackend: 'cache', model_list: FAKE_MODEL_LIST };
    this.initProgressCallback = engineConfig?.initProgressCallback;
    this.chat = { completions: new FakeCompletions(this) };
    shared.log.engines++;
    shared.instances.push(this);
  }

  /** The model loaded now, for tests. */
  get loadedModelId(): string | undefined {
    return this.loaded?.modelId;
  }

  setAppConfig = (appConfig: AppConfig): void => {
    this.appConfig = appConfig;
  };

  setInitProgressCallback = (initProgressCallback: InitProgressCallback): void => {
    this.initProgressCallback = initProgressCallback;
  };

  getInitProgressCallback = (): InitProgressCallback | undefined => this.initProgressCallback;

  reload = async (modelId: string | string[], chatOpts?: ChatOptions | ChatOptions[]): Promise<void> => {
    await this.unload();
    const ids = Array.isArray(modelId) ? modelId : [modelId];
    const opts = chatOpts === undefined ? [] : Array.isArray(chatOpts) ? chatOpts : [chatOpts];
    if (ids.length !== 1) throw new Error('The fake MLCEngine loads one model at a time.');
    this.reloadController = new AbortController();
    try {
      await this.reloadInternal(ids[0]!, opts[0], this.reloadController.signal);
    } catch (error) {
      // web-llm: "Reload() is aborted." is a warning, not an error.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      throw error;
    } finally {
      this.reloadController = undefined;
    }
  };

  unload = async (): Promise<void> => {
    this.shared.log.unloads++;
    this.loaded = undefined;
    if (this.reloadController) {
      this.reloadController.abort(new DOMException('Engine.unload() is called.', 'AbortError'));
      this.reloadController = undefined;
    }
  };

  interruptGenerate = async (): Promise<void> => {
    this.shared.log.interrupts++;
    this.interruptSignal = true;
  };

  resetChat = async (): Promise<void> => {
    this.message = '';
  };

  getMessage = async (): Promise<string> => this.message;

  chatCompletion(request: ChatCompletionRequestNonStreaming): Promise<ChatCompletion>;
  chatCompletion(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
  chatCompletion(request: ChatCompletionRequestBase): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion>;
  async chatCompletion(
    request: ChatCompletionRequestBase,
  ): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    const timeReceived = Date.now();
    const loaded = this.loaded;
    if (!loaded) throw webLlmErrors.modelNotLoaded('ChatCompletionRequest');
    this.shared.log.requests.push(request);
    // Like web-llm: a streaming request returns its generator at once; the lock is taken inside it.
    const chunks = this.generate(request, loaded, timeReceived);
    if (request.stream) return chunks;
    return this.collect(chunks);
  }

  private async reloadInternal(modelId: string, chatOpts: ChatOptions | undefined, signal: AbortSignal): Promise<void> {
    const start = Date.now();
    const record = findModelRecord(modelId, this.appConfig);
    const { config, cache, log } = this.shared;
    log.reloads.push(modelId);
    for (const feature of record.required_features ?? []) {
      if (!config.deviceFeatures.includes(feature)) {
        throw feature === 'shader-f16'
          ? webLlmErrors.shaderF16()
          : namedError(
              'FeatureSupportError',
              `This model requires feature ${feature}, which is not yet supported by this browser.`,
            );
      }
    }
    const report = (progress: number, text: string) => {
      const progressReport = { progress, timeElapsed: Math.ceil((Date.now() - start) / 1000), text };
      log.progress.push(progressReport);
      this.initProgressCallback?.(progressReport);
    };
    const steps = config.progressSteps;
    const totalMB = Math.round(record.vram_required_MB ?? 100);
    const fail = (phase: FakeLoadPhase, step: number) => {
      if (config.failReload?.phase === phase && step === Math.ceil(steps / 2)) throw config.failReload.error;
    };
    report(0, 'Start to fetch params');
    if (!cache.has(modelId)) {
      for (let i = 1; i <= steps; i++) {
        // Downloads are the only step web-llm aborts (its fetches take the reload's signal).
        await sleep(config.progressStepMs, signal);
        fail('download', i);
        const elapsed = Math.ceil((Date.now() - start) / 1000);
        report(
          i / steps,
          `Fetching param cache[${i}/${steps}]: ${Math.ceil((totalMB * i) / steps)}MB fetched. ` +
            `${Math.floor((i * 100) / steps)}% completed, ${elapsed} secs elapsed. ` +
            `It can take a while when we first visit this page to populate the cache. ` +
            `Later refreshes will become faster.`,
        );
      }
      cache.add(modelId);
    }
    for (let i = 1; i <= steps; i++) {
      await sleep(config.progressStepMs);
      fail('load', i);
      const elapsed = Math.ceil((Date.now() - start) / 1000);
      report(
        i / steps,
        `Loading model from cache[${i}/${steps}]: ${Math.ceil((totalMB * i) / steps)}MB loaded. ` +
          `${Math.floor((i * 100) / steps)}% completed, ${elapsed} secs elapsed.`,
      );
    }
    for (let i = 1; i <= steps; i++) {
      await sleep(config.progressStepMs);
      fail('shaders', i);
      const elapsed = Math.ceil((Date.now() - start) / 1000);
      report(
        i / steps,
        `Loading GPU shader modules[${i}/${steps}]: ${Math.floor((i * 100) / steps)}% completed, ` +
          `${elapsed} secs elapsed.`,
      );
    }
    // web-llm keeps loading after unload() outside downloads, and ends with the model loaded.
    this.loaded = {
      modelId,
      contextWindowSize: chatOpts?.context_window_size ?? record.overrides?.context_window_size ?? 4096,
      lock: new CustomLock(),
    };
    report(1, 'Finish loading on WebGPU - fake GPU');
  }

  /** web-llm's asyncGenerate: lock, reset the interrupt, check, prefill, decode token by token. */
  private async *generate(
    request: ChatCompletionRequestBase,
    loaded: Loaded,
    timeReceived: number,
  ): AsyncGenerator<ChatCompletionChunk, void, void> {
    const { config, log } = this.shared;
    const label = lastUserText(request.messages);
    await loaded.lock.acquire();
    try {
      log.started.push(label);
      checkGenerationConfig(request);
      const id = `chatcmpl-${crypto.randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const model = loaded.modelId;
      this.interruptSignal = false;
      this.message = '';
      const promptTokens = fakePromptTokens(request.messages);
      if (promptTokens >= loaded.contextWindowSize)
        throw webLlmErrors.contextWindowExceeded(promptTokens, loaded.contextWindowSize);
      const prefillStart = Date.now();
      await sleep(config.prefillMs);
      const prefillSeconds = (Date.now() - prefillStart) / 1000;
      const tokens = fakeTokenize(config.reply(request.messages));
      const decodeStart = Date.now();
      let generated = 0;
      let finishReason: ChatCompletionFinishReason = 'stop';
      for (const token of tokens) {
        // The first token comes out of prefill; the flag is checked before each decode step after it.
        if (generated > 0 && this.interruptSignal) {
          finishReason = 'abort';
          break;
        }
        if (
          (request.max_tokens != null && generated >= request.max_tokens) ||
          promptTokens + generated >= loaded.contextWindowSize
        ) {
          finishReason = 'length';
          break;
        }
        if (generated > 0) await sleep(config.tokenDelayMs);
        if (generated === 1 && config.failGenerationWith) throw config.failGenerationWith;
        generated++;
        this.message += token;
        yield {
          id,
          choices: [{ delta: { content: token, role: 'assistant' }, finish_reason: null, index: 0, logprobs: null }],
          model,
          object: 'chat.completion.chunk',
          created,
        };
      }
      yield {
        id,
        choices: [{ delta: {}, finish_reason: finishReason, index: 0 }],
        model,
        object: 'chat.completion.chunk',
        created,
      };
      if (request.stream_options?.include_usage === true) {
        const decodeSeconds = (Date.now() - decodeStart) / 1000;
        const usage: CompletionUsage = {
          completion_tokens: generated,
          prompt_tokens: promptTokens,
          total_tokens: generated + promptTokens,
          extra: {
            e2e_latency_s: (Date.now() - timeReceived) / 1000,
            prefill_tokens_per_s: prefillSeconds > 0 ? promptTokens / prefillSeconds : 0,
            decode_tokens_per_s: decodeSeconds > 0 ? generated / decodeSeconds : 0,
            time_to_first_token_s: prefillSeconds,
            time_per_output_token_s: generated > 0 ? decodeSeconds / generated : 0,
          },
        };
        yield { id, choices: [], usage, model, object: 'chat.completion.chunk', created };
      }
    } finally {
      log.released.push(label);
      await loaded.lock.release();
    }
  }

  private async collect(chunks: AsyncGenerator<ChatCompletionChunk, void, void>): Promise<ChatCompletion> {
    let content = '';
    let finishReason: ChatCompletionFinishReason = 'stop';
    let usage: CompletionUsage | undefined;
    let first: ChatCompletionChunk | undefined;
    for await (const chunk of chunks) {
      first ??= chunk;
      content += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      usage = chunk.usage ?? usage;
    }
    return {
      id: first?.id ?? '',
      choices: [{ finish_reason: finishReason, index: 0, logprobs: null, message: { content, role: 'assistant' } }],
      model: first?.model ?? '',
      object: 'chat.completion',
      created: first?.created ?? 0,
      ...(usage && { usage }),
    };
  }
}

function findModelRecord(modelId: string, appConfig: AppConfig): ModelRecord {
  const record = appConfig.model_list.find((candidate) => candidate.model_id === modelId);
  if (!record) throw webLlmErrors.modelNotFound(modelId);
  return record;
}

/** The range checks of web-llm's postInitAndCheckGenerationConfigValues that matter here. */
function checkGenerationConfig(request: ChatCompletionRequestBase): void {
  if (request.max_tokens != null && !(request.max_tokens > 0)) {
    throw namedError('MinValueError', 'Make sure `max_tokens` > 0.');
  }
  if (request.temperature != null && !(request.temperature >= 0)) {
    throw namedError('NonNegativeError', 'Make sure `temperature` >= 0.');
  }
  if (request.top_p != null && !(request.top_p > 0 && request.top_p <= 1)) {
    throw namedError('RangeError', 'Make sure 0 < `top_p` <= 1.');
  }
}

function lastUserText(messages: ChatCompletionMessageParam[]): string {
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return typeof last?.content === 'string' ? last.content : '';
}

// ---------------------------------------------------------------------------------------------------
// A fake `navigator.gpu`.

export interface FakeGpuConfig {
  /** 'none': requestAdapter() gives null; 'throws': it rejects; 'fallback': a SwiftShader adapter. */
  adapter: 'hardware' | 'fallback' | 'none' | 'throws';
  shaderF16?: boolean;
  /** Older Chrome: the fallback flag on the adapter, not on `adapter.info`. */
  legacyFallbackFlag?: boolean;
  limits?: Partial<GPUSupportedLimits>;
}

/** Limits of a typical discrete GPU in Chrome. */
const HARDWARE_LIMITS: GPUSupportedLimits = {
  maxBufferSize: 4 * 1024 ** 3,
  maxStorageBufferBindingSize: 2 * 1024 ** 3 - 4,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 10,
};

/** SwiftShader's limits, as Debian's Chromium 156 reports them with --enable-unsafe-webgpu. */
const SWIFTSHADER_LIMITS: GPUSupportedLimits = {
  maxBufferSize: 1073741824,
  maxStorageBufferBindingSize: 1073741824,
  maxComputeWorkgroupStorageSize: 32768,
  maxStorageBuffersPerShaderStage: 10,
};

export function fakeGpu(config: FakeGpuConfig): GPU & { requests: number } {
  const gpu = {
    requests: 0,
    async requestAdapter(): Promise<GPUAdapter | null> {
      gpu.requests++;
      switch (config.adapter) {
        case 'none':
          return null;
        case 'throws':
          throw new DOMException('The adapter request failed.', 'OperationError');
        case 'fallback': {
          // As Chromium 156 reports it: no description, no shader-f16.
          const info = { vendor: 'google', architecture: 'swiftshader', device: '', description: '' };
          return {
            features: new Set(config.shaderF16 ? ['shader-f16', 'subgroups'] : ['subgroups']),
            limits: { ...SWIFTSHADER_LIMITS, ...config.limits },
            ...(config.legacyFallbackFlag
              ? { info, isFallbackAdapter: true }
              : { info: { ...info, isFallbackAdapter: true } }),
          };
        }
        case 'hardware':
          return {
            features: new Set(config.shaderF16 === false ? ['subgroups'] : ['shader-f16', 'subgroups']),
            limits: { ...HARDWARE_LIMITS, ...config.limits },
            info: { vendor: 'nvidia', architecture: 'ampere', device: '', description: '', isFallbackAdapter: false },
          };
      }
    },
  };
  return gpu;
}
