import type { ChatCompletionChunk, CompletionUsage, InitProgressCallback } from '@mlc-ai/web-llm';
import { errorMessage, InklingError, isAbortError } from '../contracts/errors';
import {
  ENGINE_LABELS,
  type Availability,
  type EngineFinish,
  type FinishReason,
  type PrepareProgress,
} from '../contracts/engine';
import { abortError, untilAborted } from './abort';
import type { ContextInfo, Engine, EngineRequest } from './engine';
import { createSerialLock } from './serial-lock';
import { detectWebGpu, type GPU } from './webgpu';
import { generationError, loadError } from './webllm-errors';
import { isCached, type WebLlmEngineApi, type WebLlmModule } from './webllm-module';
import { chooseWebLlmModel, DEFAULT_WEBLLM_FAMILIES, webLlmModelName, type WebLlmModelRecord } from './webllm-models';
import { progressReporter } from './webllm-progress';
import { completionRequest, toFinishReason } from './webllm-request';
import { EXTENSIONS_PAGE } from '../browser/browser-pages';
import { jsonAsQuotedText } from './json-deltas';

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
    if (this.loaded?.model_id === record.model_id || (await isCached(webllm, record.model_id)))
      return { state: 'available' };
    const name = webLlmModelName(record.model_id);
    // web-llm publishes the GPU memory a model needs, not its download; the weights are most of both.
    const size = `about ${Math.round(record.vram_required_MB ?? 0)} MB`;
    if (this.loading === record.model_id)
      return { state: 'downloading', detail: `WebLLM is downloading ${name} (${size}).` };
    return {
      state: 'downloadable',
      detail: `WebLLM downloads ${name} once (${size}) from huggingface.co before it can answer.`,
    };
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

  stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    return request.quoted ? jsonAsQuotedText(this.generate(request)) : this.generate(request);
  }

  private async *generate(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
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
        reason: `WebLLM could not be loaded: ${errorMessage(error)}`,
        remedy: `Reload the extension from ${EXTENSIONS_PAGE}; reinstall it if that does not help.`,
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
    const failure = generationError(error, record ? webLlmModelName(record.model_id) : 'the model');
    // The model is gone from the GPU: the next request loads it again.
    if (failure.modelLost) this.loaded = undefined;
    return failure.error;
  }
}
