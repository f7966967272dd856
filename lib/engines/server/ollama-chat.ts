import { errorText, ServerStreamError, type ChatCall, type ServerFinish } from './protocol-types';

/** Ollama's own chat API, streamed as NDJSON: https://github.com/ollama/ollama/blob/main/docs/api.md */

export function ollamaChatBody({ model, messages, options, maxTokens, schema }: ChatCall) {
  return {
    model,
    messages,
    stream: true,
    // Ollama 0.5+ constrains the answer to a JSON schema given as `format`.
    ...(schema && { format: schema }),
    options: {
      num_predict: maxTokens,
      ...(options.temperature !== undefined && { temperature: options.temperature }),
      ...(options.topK !== undefined && { top_k: options.topK }),
    },
  };
}

interface Line {
  error?: unknown;
  message?: { content?: string };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

/** The text deltas of an /api/chat stream; returns how it finished. */
export async function* ollamaDeltas(lines: AsyncIterable<unknown>): AsyncGenerator<string, ServerFinish, undefined> {
  for await (const value of lines) {
    const line = value as Line;
    if (line.error !== undefined) throw new ServerStreamError(errorText(line.error));
    const delta = line.message?.content;
    if (delta) yield delta;
    if (line.done) {
      return {
        finishReason: line.done_reason === 'length' ? 'length' : 'stop',
        ...(line.prompt_eval_count !== undefined && { inputTokens: line.prompt_eval_count }),
        ...(line.eval_count !== undefined && { outputTokens: line.eval_count }),
      };
    }
  }
  throw new ServerStreamError('The answer ended before the server said it was done.');
}
