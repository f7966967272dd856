import type { ChatCompletionChunk, Wllama } from '@wllama/wllama/esm/index.js';
import { errorMessage, InklingError, isAbortError } from '../contracts/errors';
import { DEFAULT_CPU_MODEL, type CpuModel } from '../settings/settings';
import { DEFAULT_MAX_TOKENS, type ContextInfo, type Engine, type EngineRequest } from './engine';
import { ENGINE_LABELS, type Availability, type EngineFinish, type PrepareProgress } from '../contracts/engine';
import { dropOldestExchange, turnCount } from './history';
import * as modelCache from './model-cache';
import { formatBytes } from '../ui/format-bytes';
import { createSerialLock } from './serial-lock';
import { describePlacement, startWllama, type Placement, type WllamaModule } from './cpu-instance';
import type { GPU } from './webgpu';

export interface CpuEngineOptions {
  /** Loads wllama only where the engine runs (the offscreen document), never in other bundles. */
  loadWllama: () => Promise<WllamaModule>;
  /** wllama's WebAssembly, shipped inside the extension. */
  wasmUrl: string;
  model: () => CpuModel;
  /** Threads for the next load, from the settings and the machine's cores. */
  threads: () => number;
  /** `navigator.gpu` where the engine runs: with a real adapter the model's layers go to the GPU. */
  gpu?: () => GPU | undefined;
  cache?: typeof modelCache;
}

/** llama.cpp's words when a prompt is longer than the context, and wllama's error type for a full cache. */
function isContextOverflow(error: unknown): boolean {
  return (
    (error as { type?: string }).type === 'kv_cache_full' ||
    /exceeds the available context size/.test(errorMessage(error))
  );
}

/** A context big enough for a chat with a page excerpt, small enough for a laptop's memory. */
const CONTEXT_TOKENS = 4096;

/**
 * llama.cpp compiled to WebAssembly (wllama), on the CPU: it runs on every machine. It needs Workers,
 * so it lives in the offscreen document. One model is loaded at a time; requests take turns.
 */
export class CpuEngine implements Engine {
  readonly id = 'cpu';
  readonly label = ENGINE_LABELS.cpu;
  private readonly lock = createSerialLock();
  private readonly cache: typeof modelCache;
  private loaded?: { url: string; threads: number; wllama: Wllama; placement: Placement };
  private readonly remoteSizes = new Map<string, number | undefined>();

  constructor(private readonly options: CpuEngineOptions) {
    this.cache = options.cache ?? modelCache;
  }

  get model(): string {
    return this.options.model().name;
  }

  async availability(): Promise<Availability> {
    const { name, url } = this.options.model();
    // The cache decides, not memory: a model the user deleted in the options is gone (and leaves
    // memory at the next request, or when the engines' page closes).
    if (await this.cache.isCached(url)) {
      // Where it runs is known once loaded, from wllama itself (it falls back to one thread unisolated).
      const loaded = this.loaded?.url === url ? this.loaded : undefined;
      return { state: 'available', ...(loaded && { detail: describePlacement(loaded.placement) }) };
    }
    const bytes = await this.remoteSize(url);
    // The default's size is known from its model card; another model's is asked of its server.
    const size =
      bytes === undefined
        ? 'size not known until it starts'
        : `${url === DEFAULT_CPU_MODEL.url ? 'about ' : ''}${formatBytes(bytes)}`;
    return { state: 'downloadable', detail: `Downloads ${name} once (${size}) from ${new URL(url).host}.` };
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    const { name, url } = this.options.model();
    if (!(await this.cache.isCached(url))) {
      const phase = `Downloading ${name}`;
      onProgress({ progress: 0, phase });
      await this.cache.downloadModel(
        url,
        ({ loadedBytes, totalBytes }) =>
          onProgress({
            progress: totalBytes ? loadedBytes / totalBytes : 0,
            phase,
            loadedBytes,
            ...(totalBytes && { totalBytes }),
          }),
        signal,
      );
    }
    onProgress({ progress: 0, phase: `Loading ${name} into memory` });
    const release = await this.lock.acquire(signal);
    try {
      await this.load(signal);
    } finally {
      release();
    }
    onProgress({ progress: 1, phase: `Loading ${name} into memory` });
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const release = await this.lock.acquire(request.signal).catch((error: unknown) => {
      if (request.signal.aborted) return undefined;
      throw error;
    });
    if (!release) return { finishReason: 'cancelled' };
    // wllama keeps generating when its iterator is left; only its abort signal stops it.
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    try {
      const wllama = await this.load(signal);
      const { temperature, topK, maxTokens } = request.options;
      let messages = request.messages;
      let chunks: AsyncIterator<ChatCompletionChunk>;
      let first: IteratorResult<ChatCompletionChunk>;
      // llama.cpp refuses a prompt longer than its context; like Chrome's built-in model, forget
      // the oldest exchanges until the conversation fits, and say so.
      for (;;) {
        try {
          const stream = await wllama.createChatCompletion({
            messages,
            stream: true,
            abortSignal: signal,
            max_tokens: maxTokens ?? DEFAULT_MAX_TOKENS,
            ...(temperature !== undefined && { temperature }),
            ...(topK !== undefined && { top_k: topK }),
            // Not in wllama's types, but passed on to llama.cpp: a last chunk then carries `usage`.
            ...({ stream_options: { include_usage: true } } as object),
          });
          chunks = stream[Symbol.asyncIterator]();
          first = await chunks.next();
          break;
        } catch (error) {
          if (!isContextOverflow(error) || turnCount(messages) <= 1) throw error;
          messages = dropOldestExchange(messages);
        }
      }
      let finish: EngineFinish = {
        finishReason: 'stop',
        ...(messages !== request.messages && {
          notice: 'The oldest messages no longer fit in the model’s context and were left out.',
        }),
      };
      for (let step = first; !step.done; step = await chunks.next()) {
        const chunk = step.value;
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) yield delta;
        if (choice?.finish_reason === 'length') finish = { ...finish, finishReason: 'length' };
        if (chunk.usage)
          finish = { ...finish, inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
      return finish;
    } catch (error) {
      if (request.signal.aborted && isAbortError(error)) return { finishReason: 'cancelled' };
      throw this.explain(error);
    } finally {
      stop.abort();
      release();
    }
  }

  contextInfo(): ContextInfo {
    const context = this.loaded?.wllama.getLoadedContextInfo();
    return context ? { contextWindow: context.n_ctx } : {};
  }

  /** Loads the configured model from the cache, unloading another one first. */
  private async load(signal: AbortSignal): Promise<Wllama> {
    const { name, url } = this.options.model();
    const threads = this.options.threads();
    // Still in the cache: the user may have deleted it in the options since it was loaded.
    const { loaded } = this;
    if (loaded?.url === url && loaded.threads === threads && (await this.cache.isCached(url))) return loaded.wllama;
    await this.unload();
    const blob = await this.cache.cachedModel(url);
    if (!blob)
      throw new InklingError('needs-download', `${name} is not downloaded yet: choose Download in the side panel.`);
    signal.throwIfAborted();
    try {
      const started = await startWllama({
        module: await this.options.loadWllama(),
        wasmUrl: this.options.wasmUrl,
        blobs: [blob],
        contextTokens: CONTEXT_TOKENS,
        threads,
        gpu: this.options.gpu?.(),
      });
      this.loaded = { url, threads, ...started };
      return started.wllama;
    } catch (error) {
      throw new InklingError(
        'engine-failed',
        `Could not load ${name}: ${errorMessage(error)}. Is it a GGUF model that llama.cpp supports?`,
      );
    }
  }

  private async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    await loaded?.wllama.exit().catch(() => {});
  }

  private explain(error: unknown): InklingError {
    if (error instanceof InklingError) return error;
    if (isContextOverflow(error)) {
      const window = this.contextInfo().contextWindow ?? CONTEXT_TOKENS;
      return new InklingError(
        'input-too-large',
        `This message is too long for the model’s context (${window} tokens). Shorten it or start a new chat.`,
      );
    }
    return new InklingError('engine-failed', `llama.cpp failed: ${errorMessage(error)}`);
  }

  private async remoteSize(url: string): Promise<number | undefined> {
    if (url === DEFAULT_CPU_MODEL.url) return DEFAULT_CPU_MODEL.approximateBytes;
    if (!this.remoteSizes.has(url)) {
      const size = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) })
        .then((response) => Number(response.headers.get('content-length')) || undefined)
        .catch(() => undefined);
      this.remoteSizes.set(url, size);
    }
    return this.remoteSizes.get(url);
  }
}
