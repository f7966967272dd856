import type {
  ChatCompletionFinishReason,
  ChatCompletionMessageParam,
  ChatCompletionRequestStreaming,
} from '@mlc-ai/web-llm';
import type { ChatMessage, FinishReason } from '../contracts/engine';
import { DEFAULT_MAX_TOKENS, type EngineRequest } from './engine';
import type { WebLlmModelRecord } from './webllm-models';
import { QUOTED_ANSWER_SCHEMA } from '../context/json-answer';

/** An Inkling request in web-llm's OpenAI-style words, and web-llm's finish reason in Inkling's. */

export function completionRequest(record: WebLlmModelRecord, request: EngineRequest): ChatCompletionRequestStreaming {
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
    // web-llm constrains decoding to the schema (XGrammar) when it is given as a string.
    ...(request.quoted && { response_format: { type: 'json_object', schema: JSON.stringify(QUOTED_ANSWER_SCHEMA) } }),
  };
}

function toMessageParam({ role, content }: ChatMessage): ChatCompletionMessageParam {
  return { role, content };
}

export function toFinishReason(reason: ChatCompletionFinishReason): FinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'abort':
      return 'cancelled';
    default:
      return 'stop';
  }
}
