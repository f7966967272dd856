import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionFinishReason,
  ChatCompletionMessageParam,
  ChatCompletionRequestStreaming,
  CompletionUsage,
  InitProgressCallback,
  MLCEngineConfig,
  MLCEngineInterface,
} from '@mlc-ai/web-llm';
import { InklingError, isAbortError } from '../contracts/errors';
import { DEFAULT_MAX_TOKENS, type ContextInfo, type Engine, type EngineRequest } from './engine';
import { ENGINE_LABELS, type Availability, type ChatMessage, type EngineFinish, type FinishReason, type PrepareProgress } from '../contracts/engine';
import { createSerialLock } from './serial-lock';
import { detectWebGpu, type GPU } from './webgpu';
import { chooseWebLlmModel, DEFAULT_WEBLLM_FAMILIES, webLlmModelName, type WebLlmModelRecord } from './webllm-models';

/**
 * The part of web-llm's `MLCEngine` this engine uses. Not `MLCEngine` itself: it and its `chat` have
 * private members, which TypeScript compares by declaration, so no fake could ever match them.
 */
export type WebLlmEngineApi = Pick<MLCEngineInterface, 'reload' | 'unload' | 'interruptGenerate'> & {
  chat: { completions: { create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> } };
};

/** The part of the `@mlc-ai/web-llm` module this engine uses; the real module fits it (checked below). */
export interface WebLlmModule {
  MLCEngine: new (engineConfig?: MLCEngineConfig) => WebLlmEngineApi;
  prebuiltAppConfig: AppConfig;
  hasModelInCache: (modelId: string, appConfig?: AppConfig) => Promise<boolean>;
}

type RealWebLlm = Pick<typeof import('@mlc-ai/web-llm'), 'MLCEngine' | 'prebuiltAppConfig' | 'hasModelInCache'>;
type Assert<T extends true> = T;
/** Fails to compile if a web-llm update stops fitting `WebLlmModule`, so `() => import('@mlc-ai/web-llm')` can be passed. */
export type RealWebLlmFits = Assert<RealWebLlm extends WebLlmModule ? true : false>;

export interface WebLlmSettings {
  /** A prebuilt model id the user chose; absent: the default for this GPU. */
  modelId?: string;
  /** Run on a software (SwiftShader) adapter anyway. */
  allowFallbackAdapter: boolean;
}

export interface WebLlmEngineOptions {
  /** Loads web-llm (a 7 MB bundle) only where the engine runs: `() => import('@mlc-ai/web-llm')`. */
  loadWebLlm: () => Promise<WebLlmModule>;
  /** `navigator.gpu`, read at call time. */
  gpu: () => GPU | undefined;
  /** Read at every call, so a changed setting takes effect with the next request. */
  settings: () => WebLlmSettings;
}

type Choice =
  | { ok: true; webllm: WebLlmModule; record: WebLlmModelRecord }
  | { ok: false; reason: string; remedy: string };

/** What `model` says before a GPU was asked: the default model's usual build. */
const DEFAULT_MODEL_ID = `${DEFAULT_WEBLLM_FAMILIES[0]}-q4f16_1-MLC`;

/**
 * WebLLM (MLC) on the GPU through WebGPU. It needs a window context or an offscreen document with
 * WebGPU; one `MLCEngine` holds one model, and requests take turns on it.
 *
 * Sampling: `temperature` and `maxTokens` are passed on. web-llm has no top-K (its requests take
 * `top_p` only), so `topK` is ignored; `language` is ignored too, the model answers in the language
 * it is spoken to.
 */
export class WebLlmEngine implements Engine {
  readonly id = 'webllm';
  readonly label = ENGINE_LABELS.webllm;
  private readonly lock = createSerialLock();
  private webllm?: Promise<WebLlmModule>;
  private mlc?: WebLlmEngineApi;
  /** The model web-llm holds: set when a reload finished and was not cancelled. */
  private loaded?: WebLlmModelRecord;
  /** The last model chosen for this GPU and these settings. */
  private chosen?: WebLlmModelRecord;
  /** The model being loaded, for availability's 'downloading'. */
  private loading?: string;
  /** Where web-llm's load reports go while a load runs (web-llm takes one callback, at construction). */
  private onInitProgress?: InitProgressCallback;

  constructor(private readonly options: WebLlmEngineOptions) {}

  get model(): string {
    return this.loaded?.model_id ?? this.chosen?.model_id ?? (this.options.settings().modelId || DEFAULT_MODEL_ID);
  }

  async availability(): Promise<Availability> {
    const choice = await this.choose();
    if (!choice.ok) return { state: 'unavailable', reason: choice.reason, remedy: choice.remedy };
    const { webllm, record } = choice;
    if (this.loaded?.model_id === record.model_id || (await isCached(webllm, record.model_id))) return { state: 'available' };
    const name = webLlmModelName(record.model_id);
    // web-llm publishes the GPU memory a model needs, not its download; the weights are most of both.
    const size = `about ${Math.round(record.vram_required_MB ?? 0)} MB`;
    if (this.loading === record.model_id) return { state: 'downloading', detail: `WebLLM is downloading ${name} (${size}).` };
    return { state: 'downloadable', detail: `WebLLM downloads ${name} once (${size}) from huggingface.co before it can answer.` };
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw abortError();
    const choice = await this.choose();
    if (!choice.ok) throw new InklingError('no-engine', choice.reason);
    onProgress({ progress: 0, phase: `Loading ${webLlmModelName(choice.record.model_id)}` });
    let release: () => void;
    try {
      release = await this.lock.acquire(signal);
    } catch (error) {
      throw signal.aborted ? abortError() : error;
    }
    const leftovers: Promise<unknown>[] = [];
    try {
      await this.load(choice, onProgress, signal, leftovers);
    } finally {
      void Promise.allSettled(leftovers).then(release);
    }
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const turn = request.messages.at(-1);
    if (turn?.role !== 'user') throw new InklingError('bad-request', 'A request must end with a user message.');
    const { signal } = request;
    let release: () => void;
    try {
      release = await this.lock.acquire(signal);
    } catch (error) {
      if (signal.aborted) return { finishReason: 'cancelled' };
      throw error;
    }
    /** web-llm work still running when this request ends: the next request starts after it. */
    const leftovers: Promise<unknown>[] = [];
    let chunks: AsyncIterator<ChatCompletionChunk> | undefined;
    let drained = false;
    let record: WebLlmModelRecord | undefined;
    try {
      const choice = await this.choose();
      if (!choice.ok) throw new InklingError('no-engine', choice.reason);
      record = choice.record;
      await this.load(choice, () => {}, signal, leftovers);
      const iterable = await this.mlc!.chat.completions.create(completionRequest(record, request));
      chunks = iterable[Symbol.asyncIterator]();
      let finishReason: FinishReason = 'stop';
      let usage: CompletionUsage | undefined;
      for (;;) {
        const step = await untilAborted(chunks.next(), signal);
        if (step.done) break;
        const { choices, usage: chunkUsage } = step.value;
        // With include_usage the last chunk has no choices, only usage.
        if (chunkUsage) usage = chunkUsage;
        const delta = choices[0]?.delta.content;
        if (delta) yield delta;
        const reason = choices[0]?.finish_reason;
        if (reason) finishReason = toFinishReason(reason);
      }
      drained = true;
      return {
        finishReason,
        // prompt_tokens counts what web-llm prefilled this turn: when it keeps the KV cache of a
        // conversation that goes on, that is the new turn only, not the whole history.
        ...(usage && { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }),
      };
    } catch (error) {
      if (signal.aborted && isAbortError(error)) return { finishReason: 'cancelled' };
      if (error instanceof InklingError) throw error;
      throw this.generationError(error, record);
    } finally {
      if (chunks && !drained) {
        // Cancelled, failed, or our consumer stopped reading. web-llm holds its per-model lock until
        // its iterator finishes or is returned: without return() the next request waits forever
        // (web-llm #620). The interrupt flag ends the decoding loop at the next token.
        void this.mlc?.interruptGenerate();
        const closing = chunks.return?.();
        if (closing) leftovers.push(closing);
      }
      void Promise.allSettled(leftovers).then(release);
    }
  }

  contextInfo(): ContextInfo {
    const size = (this.loaded ?? this.chosen)?.overrides?.context_window_size;
    // web-llm keeps the loaded config private, so the record's override is all there is to read;
    // -1 means a sliding window, with no fixed size.
    return size !== undefined && size > 0 ? { contextWindow: size } : {};
  }

  /**
   * Undefined: web-llm exposes no tokenizer count. Its tokenizer lives inside the loaded pipeline,
   * and the only way to count a prompt is to prefill it (the `usage` of an answer tells afterwards).
   */
  /** The model to run here, or why nothing can run. Asks the GPU every time: it can come and go. */
  private async choose(): Promise<Choice> {
    const settings = this.options.settings();
    const verdict = await detectWebGpu(this.options.gpu(), { allowFallbackAdapter: settings.allowFallbackAdapter });
    if (!verdict.ok) return verdict;
    let webllm: WebLlmModule;
    try {
      webllm = await this.loadWebLlm();
    } catch (error) {
      return {
        ok: false,
        reason: `WebLLM could not be loaded: ${messageOf(error)}`,
        remedy: 'Reload the extension from chrome://extensions; reinstall it if that does not help.',
      };
    }
    const choice = chooseWebLlmModel(webllm.prebuiltAppConfig.model_list, {
      preferred: settings.modelId || undefined,
      shaderF16: verdict.shaderF16,
      maxStorageBufferBindingSize: verdict.maxStorageBufferBindingSize,
    });
    if (!choice.ok) {
      return {
        ok: false,
        reason: choice.reason,
        remedy: settings.modelId
          ? 'Choose another WebLLM model in Inkling’s options, or let Inkling choose one for your GPU.'
          : 'Use another engine, or a computer with a more capable GPU.',
      };
    }
    this.chosen = choice.record;
    return { ok: true, webllm, record: choice.record };
  }

  private loadWebLlm(): Promise<WebLlmModule> {
    if (!this.webllm) {
      const loading = this.options.loadWebLlm();
      this.webllm = loading;
      // A failed load is tried again next time.
      loading.catch(() => {
        if (this.webllm === loading) this.webllm = undefined;
      });
    }
    return this.webllm;
  }

  /** One MLCEngine for the engine's life: reload() swaps the model inside it. */
  private engineFor(webllm: WebLlmModule): WebLlmEngineApi {
    this.mlc ??= new webllm.MLCEngine({
      appConfig: webllm.prebuiltAppConfig,
      initProgressCallback: (report) => this.onInitProgress?.(report),
    });
    return this.mlc;
  }

  /**
   * Loads the chosen model unless web-llm holds it already. Must run inside the lock. Rejects with an
   * AbortError as soon as `signal` aborts; web-llm's reload may run on a while after that (it only
   * stops at its next download), so it goes into `leftovers` and the lock waits for it.
   */
  private async load(
    { webllm, record }: { webllm: WebLlmModule; record: WebLlmModelRecord },
    onProgress: (progress: PrepareProgress) => void,
    signal: AbortSignal,
    leftovers: Promise<unknown>[],
  ): Promise<void> {
    if (this.loaded?.model_id === record.model_id) return;
    if (signal.aborted) throw abortError();
    const mlc = this.engineFor(webllm);
    const name = webLlmModelName(record.model_id);
    this.loaded = undefined;
    this.loading = record.model_id;
    this.onInitProgress = progressReporter(name, onProgress);
    // unload() aborts web-llm's downloads; web-llm then resolves reload() quietly instead of failing.
    const onAbort = () => void mlc.unload().catch(() => {});
    signal.addEventListener('abort', onAbort, { once: true });
    const reloading = mlc.reload(record.model_id);
    try {
      await untilAborted(reloading, signal);
      this.loaded = record;
    } catch (error) {
      if (signal.aborted) {
        leftovers.push(reloading);
        throw abortError();
      }
      throw loadError(error, name, record);
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.loading = undefined;
      this.onInitProgress = undefined;
    }
  }

  private generationError(error: unknown, record: WebLlmModelRecord | undefined): InklingError {
    const name = record ? webLlmModelName(record.model_id) : 'the model';
    const { name: errorName, message } = describeError(error);
    if (errorName === 'ContextWindowSizeExceededError') {
      const tokens = /prompt tokens: (\d+)/.exec(message)?.[1];
      const window = /context window size: (\d+)/.exec(message)?.[1];
      return new InklingError(
        'input-too-large',
        `This conversation needs ${tokens ? `${tokens} tokens` : 'more tokens'} but ${name} holds ${window ?? 'fewer'}. Shorten the message or start a new chat.`,
      );
    }
    if (errorName === 'DeviceLostError' || errorName === 'ModelNotLoadedError' || /device (was )?lost/i.test(message)) {
      // The model is gone from the GPU: the next request loads it again.
      this.loaded = undefined;
      return new InklingError('engine-failed', `The GPU dropped ${name} while answering (out of memory or a driver reset). Try again; it will be loaded again.`);
    }
    return new InklingError('engine-failed', `WebLLM failed while answering: ${message}`);
  }
}

/** web-llm's progress restarts at 0 with each phase: one bar per phase, never moving backwards in it. */
function progressReporter(name: string, onProgress: (progress: PrepareProgress) => void): InitProgressCallback {
  let phase: string | undefined;
  let progress = 0;
  return (report) => {
    const next = phaseOf(report.text, name);
    if (next !== phase) {
      phase = next;
      progress = 0;
    }
    // Downloads run four at a time and report out of order; an empty model gives NaN.
    progress = Math.max(progress, Math.min(1, report.progress > 0 ? report.progress : 0));
    onProgress({ progress, phase });
  };
}

/** Phases from the texts web-llm 0.2.86 (and its tvmjs runtime) report. */
function phaseOf(text: string, name: string): string {
  if (text.startsWith('Fetching param cache')) return `Downloading ${name}`;
  if (text.startsWith('Loading model from cache')) return `Loading ${name} onto the GPU`;
  if (text.startsWith('Loading GPU shader modules')) return `Preparing the GPU for ${name}`;
  if (text.startsWith('Finish loading')) return `${name} is ready`;
  return `Loading ${name}`;
}

function completionRequest(record: WebLlmModelRecord, request: EngineRequest): ChatCompletionRequestStreaming {
  const { temperature, maxTokens } = request.options;
  return {
    messages: request.messages.map(toMessageParam),
    stream: true,
    stream_options: { include_usage: true },
    // web-llm rejects a negative temperature and a max_tokens below 1.
    ...(temperature !== undefined && { temperature: Math.max(0, temperature) }),
    max_tokens: Math.max(1, Math.floor(maxTokens ?? DEFAULT_MAX_TOKENS)),
    // Qwen3 thinks aloud before answering unless told not to.
    ...(record.model_id.startsWith('Qwen3-') && { extra_body: { enable_thinking: false } }),
  };
}

function toMessageParam({ role, content }: ChatMessage): ChatCompletionMessageParam {
  return { role, content };
}

function toFinishReason(reason: ChatCompletionFinishReason): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'abort':
      return 'cancelled';
    default:
      return 'stop';
  }
}

async function isCached(webllm: WebLlmModule, modelId: string): Promise<boolean> {
  try {
    return await webllm.hasModelInCache(modelId, webllm.prebuiltAppConfig);
  } catch {
    // Storage that cannot be read is storage to download into.
    return false;
  }
}

/** Turns a load failure into a message naming its cause. Order matters: a lost device mentions OOM. */
function loadError(error: unknown, name: string, record: WebLlmModelRecord): InklingError {
  const { name: errorName, message } = describeError(error);
  const size = `about ${Math.round(record.vram_required_MB ?? 0)} MB`;
  let text: string;
  if (errorName === 'DeviceLostError' || /device (was )?lost/i.test(message)) {
    text = `The GPU ran out of memory or was reset while loading ${name} (${size}). Close other tabs that use the GPU, or choose a smaller model.`;
  } else if (/out of memory|\bOOM\b/i.test(message)) {
    text = `The GPU does not have enough memory for ${name} (${size}). Close other tabs that use the GPU, or choose a smaller model.`;
  } else if (errorName === 'QuotaExceededError' || /quota/i.test(message)) {
    text = `There is not enough free disk space to store ${name} (${size}).`;
  } else if (errorName === 'ShaderF16SupportError' || /shader-f16/.test(message)) {
    text = `${name} needs the GPU feature shader-f16, which this GPU lacks. Choose a q4f32 model in Inkling’s options.`;
  } else if (errorName === 'WebGPUNotAvailableError' || /compatible GPU|WebGPU is not supported/i.test(message)) {
    text = `WebGPU offered no GPU while loading ${name}. Check chrome://gpu.`;
  } else if (errorName === 'NetworkError' || /failed to fetch|network|cannot fetch|unable to fetch|request failed/i.test(message)) {
    // fetch() says "Failed to fetch"; Cache.add() (web-llm's default cache) says "Request failed" for an HTTP error.
    text = `Could not download ${name}: the network failed (${message}). Check your connection; the model comes from huggingface.co.`;
  } else {
    text = `WebLLM could not load ${name}: ${message}`;
  }
  return new InklingError('engine-failed', text);
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error || error instanceof DOMException) return { name: error.name, message: error.message };
  return { name: '', message: String(error) };
}

function messageOf(error: unknown): string {
  return describeError(error).message;
}

function abortError(): DOMException {
  return new DOMException('Cancelled.', 'AbortError');
}

/** Settles like `promise`, or rejects with an AbortError as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
