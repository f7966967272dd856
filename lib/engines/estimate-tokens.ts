/**
 * A token count for engines that do not report one: about four characters a token, the usual rule of
 * thumb for English text in the tokenizers these models use. Metrics say when a count is estimated.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
