/**
 * The contract every on-device engine implements: the built-in Prompt API today, WebLLM and the
 * CPU engine (llama.cpp in WebAssembly) behind the same shape.
 */

export type EngineId = 'builtin' | 'webllm' | 'cpu';

/** How each engine is named to users, wherever it runs. */
export const ENGINE_LABELS = {
  builtin: 'Gemini Nano (built into Chrome)',
  webllm: 'WebLLM on your GPU',
  cpu: 'llama.cpp on your CPU',
} as const satisfies Record<EngineId, string>;

/** Without a limit a small model can ramble until its context is full. */
export const DEFAULT_MAX_TOKENS = 1024;

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface SamplingOptions {
  /** Upper bound on generated tokens; the answer ends with finish reason 'length' when reached. */
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  /** BCP 47 code of the language the answer should be in (the Prompt API's `expectedOutputs`). */
  language?: string;
}

export interface EngineRequest {
  /** The whole conversation, system prompt first, ending with the user's new turn. */
  messages: ChatMessage[];
  /** Lets an engine keep a session per conversation and send only the new turn. */
  conversationId?: string;
  options: SamplingOptions;
  signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'cancelled';

/** What an engine's stream returns once it ends; token counts are the engine's own when it gives them. */
export interface EngineFinish {
  finishReason: FinishReason;
  inputTokens?: number;
  outputTokens?: number;
  /** Something the user should know about this answer, e.g. that old turns were forgotten. */
  notice?: string;
}

export type Availability =
  | { state: 'available' }
  | { state: 'downloadable'; detail: string }
  | { state: 'downloading'; detail: string }
  | { state: 'unavailable'; reason: string; remedy: string };

export interface PrepareProgress {
  /** 0..1 */
  progress: number;
  /** What is happening, in words a user understands ("Downloading Gemini Nano"). */
  phase: string;
  /** Bytes downloaded so far and in all, for downloads that know them. */
  loadedBytes?: number;
  totalBytes?: number;
}

export interface ContextInfo {
  /** Tokens the model can hold, when the engine tells. */
  contextWindow?: number;
  /** Tokens the conversation's session already holds. */
  contextUsed?: number;
}

export interface Engine {
  readonly id: EngineId;
  /** Shown to users: "Gemini Nano (built into Chrome)". */
  readonly label: string;
  /** The model that answers, for metrics and labels. */
  readonly model: string;
  availability(options: SamplingOptions): Promise<Availability>;
  /** Downloads or loads the model; resolves when the engine can stream. */
  prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void>;
  /** Yields text deltas, returns how it finished. Throws an `EngineError`. */
  stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined>;
  contextInfo(conversationId?: string): ContextInfo;
  /** Tokens the request's new turn would take, or undefined when the engine cannot tell. */
  measureInput(request: EngineRequest): Promise<number | undefined>;
}
