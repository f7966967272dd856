import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHARS, SOURCE_CHARS, sourceBudgetChars, textCharsPerToken } from './budget';
import { PASSAGE_CHARS } from './passages';

const ENGLISH = 'The lighthouse keeper climbs the stairs every evening. ';
const CHINESE = '灯塔看守人每天晚上爬上楼梯。';

describe('sourceBudgetChars', () => {
  it('sends the small fixed budget when the engine tells nothing of its context', () => {
    expect(sourceBudgetChars({}, 1024, ENGLISH)).toBe(SOURCE_CHARS);
  });

  it('fills what the answer and the instructions leave of the context, keeping a share for the conversation', () => {
    // (4096 − 512 − 400) × 0.75 tokens, at 3 characters a token: what English takes at most.
    expect(sourceBudgetChars({ contextWindow: 4096, charsPerToken: 4 }, 512, ENGLISH)).toBe(7164);
    expect(sourceBudgetChars({ contextWindow: 4096 }, 512, ENGLISH)).toBe(7164);
  });

  it('gives a tokenizer that spends a token a character a third of that', () => {
    const dense = sourceBudgetChars({ contextWindow: 4096, charsPerToken: 1 }, 512, ENGLISH);
    expect(dense).toBe(2388);
    expect(dense + 512 + 400).toBeLessThan(4096);
  });

  it('counts a token a character for Chinese text, whatever the engine measured on English', () => {
    expect(sourceBudgetChars({ contextWindow: 4096, charsPerToken: 4 }, 512, CHINESE.repeat(50))).toBe(2388);
  });

  it('leaves what a conversation already holds in its session', () => {
    const fresh = sourceBudgetChars({ contextWindow: 6144, charsPerToken: 4 }, 1024, ENGLISH);
    const used = sourceBudgetChars({ contextWindow: 6144, contextUsed: 2000, charsPerToken: 4 }, 1024, ENGLISH);
    expect(fresh - used).toBe(4500);
  });

  it('a longer answer leaves less room for the pages', () => {
    const short = sourceBudgetChars({ contextWindow: 8192 }, 256, ENGLISH);
    const long = sourceBudgetChars({ contextWindow: 8192 }, 2048, ENGLISH);
    expect(short).toBeGreaterThan(long);
  });

  it('stops at about 6,000 tokens in a big context, for the first token not to wait on them', () => {
    expect(sourceBudgetChars({ contextWindow: 131_072, charsPerToken: 4 }, 1024, ENGLISH)).toBe(MAX_SOURCE_CHARS);
  });

  it('still sends one passage from a context the conversation has nearly filled', () => {
    const nearlyFull = { contextWindow: 2048, contextUsed: 1900, charsPerToken: 4 };
    expect(sourceBudgetChars(nearlyFull, 1024, ENGLISH)).toBe(PASSAGE_CHARS);
  });
});

describe('textCharsPerToken', () => {
  it('is 3 for English, 1 for Chinese, Japanese and Korean, 2 for other alphabets, and between for a mix', () => {
    expect(textCharsPerToken(ENGLISH)).toBe(3);
    expect(textCharsPerToken(CHINESE)).toBe(1);
    expect(textCharsPerToken('ひらがなとカタカナ한국어')).toBe(1);
    expect(textCharsPerToken('Смотритель маяка').toFixed(2)).toBe('2.04');
    const mixed = textCharsPerToken(`${ENGLISH}${CHINESE}`);
    expect(mixed).toBeGreaterThan(1);
    expect(mixed).toBeLessThan(3);
  });
});
