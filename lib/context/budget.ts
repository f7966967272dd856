import type { ContextInfo } from '../contracts/engine';
import { PASSAGE_CHARS } from './passages';

/**
 * For an engine that tells nothing of its context (a server): about 400 tokens of a real model, so
 * that the passages, the instructions, the conversation and the answer fit even a 2,048-token one.
 */
export const SOURCE_CHARS = 1_600;

/**
 * Characters a token of a real model's tokenizer takes at most, by script: about 4 for English (3
 * leaves room), about 2 for other alphabets (Cyrillic, Greek, accented Latin), 1 for Chinese,
 * Japanese and Korean.
 */
const CHARS_PER_TOKEN = { ascii: 3, alphabet: 2, cjk: 1 };
const CJK = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included.
const NON_ASCII = /[^\u0000-\u007f]/gu;

/** How many characters a token of `text` takes at most with a real tokenizer, by its scripts. */
export function textCharsPerToken(text: string): number {
  if (!text) return CHARS_PER_TOKEN.ascii;
  const cjk = text.match(CJK)?.length ?? 0;
  const alphabet = (text.match(NON_ASCII)?.length ?? 0) - cjk;
  const ascii = text.length - cjk - alphabet;
  const tokens = ascii / CHARS_PER_TOKEN.ascii + alphabet / CHARS_PER_TOKEN.alphabet + cjk / CHARS_PER_TOKEN.cjk;
  return text.length / tokens;
}

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
 * How much source text (`text`) one question may send to the engine that answers it: what its
 * context holds after the answer (up to `answerTokens`), the instructions and a share for the
 * conversation, in characters of its tokenizer. That is the fewer of what the engine measured (on
 * other text, perhaps in another script) and what the text's scripts take. Never less than a passage.
 */
export function sourceBudgetChars(context: ContextInfo, answerTokens: number, text: string): number {
  const { contextWindow, contextUsed = 0, charsPerToken = Number.POSITIVE_INFINITY } = context;
  if (contextWindow === undefined) return SOURCE_CHARS;
  const perToken = Math.min(charsPerToken, textCharsPerToken(text));
  const roomTokens = (contextWindow - contextUsed - answerTokens - PROMPT_TOKENS) * SOURCE_SHARE;
  return Math.min(MAX_SOURCE_CHARS, Math.max(PASSAGE_CHARS, Math.floor(roomTokens * perToken)));
}
