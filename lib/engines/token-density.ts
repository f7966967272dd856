/**
 * Below this many characters a prompt's count is mostly its chat template and system prompt, which
 * would make the tokenizer look denser than it is on a page's text.
 */
const SAMPLE_CHARS = 2_000;

/**
 * The share of a prompt its last message must be for the count to stand for that message's text (a
 * page's passages): a conversation's earlier answers may tokenize quite differently.
 */
const LAST_MESSAGE_SHARE = 0.8;

/**
 * Characters per token of a model's tokenizer, from an engine's own count of a prompt it read
 * (`tokens`, for all of `messages`): how much page text a prompt may carry without overflowing
 * the model's context. A few characters a token for English with a real model, about one for a
 * byte-level vocabulary or CJK text. Undefined when the prompt is too short or mostly history.
 */
export function charsPerToken(
  messages: readonly { content: string }[],
  tokens: number | undefined,
): number | undefined {
  const chars = messages.reduce((sum, { content }) => sum + content.length, 0);
  const last = messages.at(-1)?.content.length ?? 0;
  if (chars < SAMPLE_CHARS || last < chars * LAST_MESSAGE_SHARE || tokens === undefined || tokens <= 0)
    return undefined;
  return chars / tokens;
}
