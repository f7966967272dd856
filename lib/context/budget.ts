import type { ContextInfo } from '../contracts/engine';
import { PASSAGE_CHARS } from './passages';

/**
 * For an engine that tells nothing of its context (a server): about 400 tokens of a real model, so
 * that the passages, the instructions, the conversation and the answer fit even a 2,048-token one.
 */
export const SOURCE_CHARS = 1_600;

/** A real tokenizer's for an engine that does not count: about 4 for English, less for other scripts. */
const ESTIMATED_CHARS_PER_TOKEN = 3;

/** The instructions around the passages, the quote format and the question. */
const PROMPT_TOKENS = 400;

/** Of what the answer and the instructions leave: the rest is kept for the conversation so far. */
const SOURCE_SHARE = 0.75;

/**
 * About 6,000 tokens of a real model even in a far bigger context: the first token waits until the
 * model has read them all, and a question rarely needs more than its best passages.
 */
export const MAX_SOURCE_CHARS = 24_000;

/**
 * How much source text one question may send to the engine that answers it: what its context holds
 * after the answer (up to `answerTokens`), the instructions and a share for the conversation, in
 * characters of its tokenizer. Never less than one passage.
 */
export function sourceBudgetChars(context: ContextInfo, answerTokens: number): number {
  const { contextWindow, contextUsed = 0, charsPerToken = ESTIMATED_CHARS_PER_TOKEN } = context;
  if (contextWindow === undefined) return SOURCE_CHARS;
  const roomTokens = (contextWindow - contextUsed - answerTokens - PROMPT_TOKENS) * SOURCE_SHARE;
  return Math.min(MAX_SOURCE_CHARS, Math.max(PASSAGE_CHARS, Math.floor(roomTokens * charsPerToken)));
}
