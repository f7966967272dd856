import type { ChatMessage, FinishReason, SamplingOptions } from '../../contracts/engine';

/** What both server protocols give back, read where the server tells it. */
export interface ServerFinish {
  finishReason: Exclude<FinishReason, 'cancelled'>;
  inputTokens?: number;
  outputTokens?: number;
}

export interface ChatCall {
  model: string;
  messages: ChatMessage[];
  options: SamplingOptions;
  maxTokens: number;
  /** The JSON schema the answer must follow (structured output), when it quotes its sources. */
  schema?: object;
}

/** An error the server reported inside the stream, after it had answered 200. */
export class ServerStreamError extends Error {
  override name = 'ServerStreamError';
}

/** The server's words from an `error` field, whatever its shape (`"…"` or `{ message: "…" }`). */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return JSON.stringify(error);
}
