import type { ChatCompletionChunk, Wllama } from '@wllama/wllama/esm/index.js';
import { errorMessage, InklingError, isAbortError } from '../contracts/errors';
import type { CpuModel } from '../settings/settings';
import { catalogueModel } from '../settings/cpu-catalogue';
import { DEFAULT_MAX_TOKENS, type ContextInfo, type Engine, type EngineRequest } from './engine';
import { ENGINE_LABELS, type Availability, type EngineFinish, type PrepareProgress } from '../contracts/engine';
import { dropOldestExchange, turnCount } from './history';
import * as modelCache from './model-cache';
import { createRemoteSizes } from './remote-size';
import { charsPerToken } from './token-density';
import { formatBytes } from '../ui/format-bytes';
import { createSerialLock } from './serial-lock';
import { describePlacement, startWllama, type Placement, type WllamaModule } from './cpu-instance';
import type { GPU } from './webgpu';
import { jsonAsQuotedText } from './json-deltas';
import { QUOTED_ANSWER_SCHEMA } from '../context/json-answer';

const QUOTED_ANSWER_FORMAT = {
  type: 'json_schema',
  json_schema: { name: 'quoted_answer', schema: QUOTED_ANSWER_SCHEMA, strict: true },
} as const;

export interface CpuEngineOptions {
  /** Loads wllama only where the engine runs (the offscreen document), never in other bundles. */
  loadWllama: () => Promise<WllamaModule>;
  /** wllama's WebAssembly, shipped inside the extension. */
  wasmUrl: string;
  model: () => CpuModel;
  /** A download that gets no byte for this long is given up. */
  stallMs?: () => number;
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

const isGrammarFailure = (error: unknown) => /initialize samplers|grammar/i.test(errorMessage(error));

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
  private readonly remoteSize = createRemoteSizes();
  /** Models whose vocabulary cannot spell the quoted-answer grammar: asked without it from then on. */
  private readonly withoutGrammar = new Set<string>();
  /** Characters per token of each model, learnt from its long prompts. */
  private readonly density = new Map<string, number>();

  constructor(private readonly options: CpuEngineOptions) {
    this.cache = options.cache ?? modelCache;
  }

  get model(): string {
    return this.options.model().name;
  }

  get modelSource(): string {
    return this.options.model().url;
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
    // A catalogue model's size is known from its model card; another model's is asked of its server.
    const size =
      bytes === undefined
        ? 'size not known until it starts'
        : `${catalogueModel(url) ? 'about ' : ''}${formatBytes(bytes)}`;
    return { state: 'downloadable', detail: `Downloads ${name} once (${size}) from ${new URL(url).host}.` };
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    const { name, url } = this.options.model();
    if (!(await this.cache.isCached(url))) {
      onProgress({ progress: 0, phase: `Downloading ${name}` });
      await this.cache.downloadModel(
        url,
        ({ loadedBytes, totalBytes, part, parts }) =>
          onProgress({
            progress: totalBytes ? loadedBytes / totalBytes : 0,
            phase: `Downloading ${name}${parts ? ` (part ${part} of ${parts})` : ''}`,
            loadedBytes,
            ...(totalBytes && { totalBytes }),
          }),
        signal,
        { name, ...(this.options.stallMs && { stallMs: this.options.stallMs() }) },
      );
    }
    onProgress({ progress: 0, phase: `Loading ${name} into memory` });
    const release = await this.lock.acquire(signal);
    try {
      await this.load(signal, this.options.model());
    } catch (error) {
      // Kept only if llama.cpp can load it: otherwise every question would fail on it.
      if (!signal.aborted) await this.cache.deleteCached(url).catch(() => {});
      throw error;
    } finally {
      release();
    }
    onProgress({ progress: 1, phase: `Loading ${name} into memory` });
  }

  stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    return request.quoted ? jsonAsQuotedText(this.generate(request)) : this.generate(request);
  }

  private async *generate(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const release = await this.lock.acquire(request.signal).catch((error: unknown) => {
      if (request.signal.aborted) return undefined;
      throw error;
    });
    if (!release) return { finishReason: 'cancelled' };
    // wllama keeps generating when its iterator is left; only its abort signal stops it.
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    // Read once more after the abort: wllama rejects that read, and left unread the rejection
    // goes unhandled in the engine page.
    let unread: AsyncIterator<ChatCompletionChunk> | undefined;
    try {
      // A conversation may have chosen another downloaded model than the settings' one.
      const model = request.modelChoice ?? this.options.model();
      const wllama = await this.load(signal, model);
      const { temperature, topK, maxTokens } = request.options;
      let messages = request.messages;
      let constrained = request.quoted === true && !this.withoutGrammar.has(model.url);
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
            // llama.cpp keeps what it read of the conversation and reads only what follows it.
            cache_prompt: true,
            // llama.cpp turns the schema into a grammar: the model can write nothing else.
            ...(constrained && { response_format: QUOTED_ANSWER_FORMAT }),
            ...(request.onReading && { return_progress: true }),
          });
          chunks = stream[Symbol.asyncIterator]();
          unread = chunks;
          first = await chunks.next();
          break;
        } catch (error) {
          // A model whose vocabulary cannot spell the schema's grammar answers in the text format.
          if (constrained && isGrammarFailure(error)) {
            constrained = false;
            this.withoutGrammar.add(model.url);
            continue;
          }
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
        const reading = chunk.prompt_progress;
        if (reading && reading.total > reading.cache) {
          request.onReading?.((reading.processed - reading.cache) / (reading.total - reading.cache));
        }
        if (chunk.timings) finish = { ...finish, inputTokensRead: chunk.timings.prompt_n };
        if (chunk.usage)
          finish = { ...finish, inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
      unread = undefined;
      const density = charsPerToken(messages, finish.inputTokens);
      if (density) this.density.set(model.url, density);
      return finish;
    } catch (error) {
      unread = undefined;
      if (request.signal.aborted && isAbortError(error)) return { finishReason: 'cancelled' };
      const explained = this.explain(error);
      // A wllama that failed mid-answer may have crashed ("please reload the module"): the next
      // request starts a fresh one rather than reusing it.
      if (explained.code === 'engine-failed') await this.unload();
      throw explained;
    } finally {
      stop.abort();
      unread?.next().catch(() => {});
      release();
    }
  }

  /**
   * Known once the model is loaded. Until it has read a long prompt its tokenizer is not known, and
   * any GGUF may spend a token a character (a byte-level vocabulary, CJK text).
   */
  contextInfo(): ContextInfo {
    const { url } = this.options.model();
    if (this.loaded?.url !== url) return {};
    // llama.cpp holds no more than the model was trained for, whatever context it was asked for.
    const { n_ctx, n_ctx_train } = this.loaded.wllama.getLoadedContextInfo();
    const window = n_ctx_train > 0 ? Math.min(n_ctx, n_ctx_train) : n_ctx;
    return { contextWindow: window, charsPerToken: this.density.get(url) ?? 1 };
  }

  /** Loads the configured model from the cache, unloading another one first. */
  private async load(signal: AbortSignal, { name, url }: CpuModel): Promise<Wllama> {
    const threads = this.options.threads();
    // Still in the cache: the user may have deleted it in the options since it was loaded.
    const { loaded } = this;
    if (loaded?.url === url && loaded.threads === threads && (await this.cache.isCached(url))) return loaded.wllama;
    await this.unload();
    const blobs = await this.cache.cachedModel(url);
    if (!blobs)
      throw new InklingError('needs-download', `${name} is not downloaded yet: choose Download in the side panel.`);
    signal.throwIfAborted();
    try {
      const started = await startWllama({
        module: await this.options.loadWllama(),
        wasmUrl: this.options.wasmUrl,
        blobs,
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
}
