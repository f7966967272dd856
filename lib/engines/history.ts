import type { ChatMessage } from '../contracts/engine';

/**
 * The conversation without its oldest exchange (a question and its answer); a system prompt stays.
 * Engines use it to make a long conversation fit their context, as Chrome's built-in model does.
 */
export function dropOldestExchange(messages: readonly ChatMessage[]): ChatMessage[] {
  const start = messages[0]?.role === 'system' ? 1 : 0;
  const count = messages[start]?.role === 'user' && messages[start + 1]?.role === 'assistant' ? 2 : 1;
  return [...messages.slice(0, start), ...messages.slice(start + count)];
}

/** How many messages follow the system prompt, if there is one. */
export function turnCount(messages: readonly ChatMessage[]): number {
  return messages.length - (messages[0]?.role === 'system' ? 1 : 0);
}
