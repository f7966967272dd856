import type {
  Availability,
  ContextInfo,
  ChatMessage,
  CpuModel,
  EngineFinish,
  EngineId,
  PrepareProgress,
  SamplingOptions,
} from '../contracts/engine';

export type { ContextInfo };

/**
 * The contract every on-device engine implements: the built-in Prompt API today, WebLLM and the
 * CPU engine (llama.cpp in WebAssembly) behind the same shape.
 */

/** Without a limit a small model can ramble until its context is full. */
export const DEFAULT_MAX_TOKENS = 1024;

export interface EngineRequest {
  /** The whole conversation, system prompt first, ending with the user's new turn. */
  messages: ChatMessage[];
  /** Lets an engine keep a session per conversation and send only the new turn. */
  conversationId?: string;
  options: SamplingOptions;
  signal: AbortSignal;
  /**
   * An answer that quotes its sources (see lib/context/quoted-answer.ts): an engine with structured
   * output asks for it and streams it in the text format; the others are asked by the prompt alone.
   */
  quoted?: boolean;
  /** How long an engine that `gathersDeltas` may gather them into one; 0 sends each one. */
  deltaIntervalMs?: number;
  /** The model the conversation chose, for an engine that can switch (the CPU engine). */
  modelChoice?: CpuModel;
  /** Called while the engine reads the input, before its first token, with the share read (0..1). */
  onReading?: (fraction: number) => void;
}

export interface Engine {
  readonly id: EngineId;
  /** Shown to users: "Gemini Nano (built into Chrome)". */
  readonly label: string;
  /** The model that answers, for metrics and labels. */
  readonly model: string;
  /** Where the model comes from (its address), when the user can change it: failures are kept per model. */
  readonly modelSource?: string;
  /**
   * True when the engine's deltas come already gathered at their source (the engine host gathers
   * them per frame before its hop): the background then sends them on as they come.
   */
  readonly gathersDeltas?: boolean;
  /** False for an engine the user has not set up (no server address): it is neither listed nor asked. */
  isSetUp?(): boolean;
  availability(options: SamplingOptions): Promise<Availability>;
  /** Downloads or loads the model; resolves when the engine can stream. */
  prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void>;
  /** Yields text deltas, returns how it finished. Throws an `EngineError`. */
  stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined>;
  contextInfo(conversationId?: string): ContextInfo;
}
