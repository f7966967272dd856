import {
  WllamaAbortError,
  type AssetsPathConfig,
  type ChatCompletionChunk,
  type ChatCompletionParams,
  type LoadedContextInfo,
  type LoadModelParams,
  type Wllama,
  type WllamaConfig,
} from '@wllama/wllama/esm/index.js';

/** The context size the fake reports once loaded. */
export const N_CTX = 2048;

export type ChatOptions = ChatCompletionParams & { stream: true };
/** What the fake llama.cpp answers a chat completion: its chunks, or an error thrown from it. */
export type Respond = (options: ChatOptions) => AsyncIterable<ChatCompletionChunk>;

/** A chunk of wllama's stream, shaped as @wllama/wllama 3.8.1 types it. */
export function chunk(
  content: string | null,
  {
    finish = null,
    usage,
  }: { finish?: ChatCompletionChunk['choices'][0]['finish_reason']; usage?: [number, number] } = {},
): ChatCompletionChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'tiny-chat',
    choices: usage ? [] : [{ index: 0, delta: { content }, finish_reason: finish, logprobs: null }],
    ...(usage && {
      usage: { prompt_tokens: usage[0], completion_tokens: usage[1], total_tokens: usage[0] + usage[1] },
    }),
  };
}

export async function* chunks(...list: ChatCompletionChunk[]): AsyncGenerator<ChatCompletionChunk> {
  yield* list;
}

/** Writes `first`, then waits until its abort signal fires and throws as wllama does. */
export async function* untilStopped(options: ChatOptions, first = 'Once'): AsyncGenerator<ChatCompletionChunk> {
  yield chunk(first);
  const signal = options.abortSignal!;
  await new Promise((_, reject) => {
    const abort = () => reject(new WllamaAbortError());
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
  });
}

/** The part of wllama the engine uses; every instance and chat completion is recorded. */
export function fakeWllama(
  respond: Respond = () => chunks(chunk('Hi'), chunk('.', { finish: 'stop' })),
  loadError?: Error,
  /** The context the model was trained for, which llama.cpp holds no more than. */
  trainedContext = 32_768,
) {
  const calls: ChatOptions[] = [];
  const instances: FakeWllama[] = [];
  class FakeWllama {
    compat: unknown = 'default';
    loaded?: { blobs: Blob[]; params?: LoadModelParams };
    exited = false;
    constructor(
      readonly paths: AssetsPathConfig,
      readonly config?: WllamaConfig,
    ) {
      instances.push(this);
    }
    setCompat(compat: unknown) {
      this.compat = compat;
    }
    async loadModel(blobs: Blob[], params?: LoadModelParams) {
      if (loadError) throw loadError;
      this.loaded = { blobs, ...(params && { params }) };
    }
    getNumThreads() {
      return this.loaded?.params?.n_threads ?? 1;
    }
    isMultithread() {
      return this.getNumThreads() > 1;
    }
    getLoadedContextInfo(): LoadedContextInfo {
      return { n_ctx: N_CTX, n_ctx_train: trainedContext } as LoadedContextInfo;
    }
    async createChatCompletion(options: ChatOptions): Promise<AsyncIterable<ChatCompletionChunk>> {
      calls.push(options);
      return respond(options);
    }
    async exit() {
      this.exited = true;
    }
  }
  return { module: { Wllama: FakeWllama as unknown as typeof Wllama }, calls, instances };
}
