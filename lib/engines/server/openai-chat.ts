import type { EventSourceMessage } from 'eventsource-parser';
import { errorText, ServerStreamError, type ChatCall, type ServerFinish } from './protocol-types';
import { parseJson } from './stream-readers';

/**
 * OpenAI's chat completions over Server-Sent Events, as llama.cpp's server, LM Studio, vLLM and
 * Ollama's /v1 speak it: https://platform.openai.com/docs/api-reference/chat/streaming
 */

export function openAiChatBody({ model, messages, options, maxTokens, schema }: ChatCall) {
  return {
    model,
    messages,
    stream: true,
    // A last chunk then carries the token counts.
    stream_options: { include_usage: true },
    max_tokens: maxTokens,
    ...(options.temperature !== undefined && { temperature: options.temperature }),
    // Not in OpenAI's API, but llama.cpp, vLLM and LM Studio read it; OpenAI ignores it.
    ...(options.topK !== undefined && { top_k: options.topK }),
    // llama.cpp's server and vLLM turn it into a grammar; a server that does not know it answers 400.
    ...(schema && {
      response_format: { type: 'json_schema', json_schema: { name: 'quoted_answer', schema, strict: true } },
    }),
  };
}

interface Chunk {
  error?: unknown;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** The text deltas of a chat completion stream; returns how it finished. */
export async function* openAiDeltas(
  events: AsyncIterable<EventSourceMessage>,
): AsyncGenerator<string, ServerFinish, undefined> {
  const finish: ServerFinish = { finishReason: 'stop' };
  for await (const event of events) {
    if (event.data === '[DONE]') break;
    if (event.event === 'error') throw new ServerStreamError(streamErrorText(event.data));
    const chunk = parseJson(event.data) as Chunk;
    if (chunk.error !== undefined) throw new ServerStreamError(errorText(chunk.error));
    const choice = chunk.choices?.[0];
    const delta = choice?.delta?.content;
    if (delta) yield delta;
    if (choice?.finish_reason === 'length') finish.finishReason = 'length';
    if (chunk.usage) {
      if (chunk.usage.prompt_tokens !== undefined) finish.inputTokens = chunk.usage.prompt_tokens;
      if (chunk.usage.completion_tokens !== undefined) finish.outputTokens = chunk.usage.completion_tokens;
    }
  }
  return finish;
}

function streamErrorText(data: string): string {
  try {
    const parsed = JSON.parse(data) as { error?: unknown };
    return errorText(parsed.error ?? parsed);
  } catch {
    return data;
  }
}
