import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHARS, SOURCE_CHARS, sourceBudgetChars } from './budget';
import { PASSAGE_CHARS } from './passages';

describe('sourceBudgetChars', () => {
  it('sends the small fixed budget when the engine tells nothing of its context', () => {
    expect(sourceBudgetChars({}, 1024)).toBe(SOURCE_CHARS);
  });

  it('fills what the answer and the instructions leave of the context, keeping a share for the conversation', () => {
    // (4096 − 512 − 400) × 0.75 tokens, at 4 characters a token.
    expect(sourceBudgetChars({ contextWindow: 4096, charsPerToken: 4 }, 512)).toBe(9552);
  });

  it('gives a tokenizer that spends a token a character a quarter of the text', () => {
    const dense = sourceBudgetChars({ contextWindow: 4096, charsPerToken: 1 }, 512);
    expect(dense).toBe(2388);
    expect(dense + 512 + 400).toBeLessThan(4096);
  });

  it('assumes a real tokenizer, a little denser than English, when the engine counts none', () => {
    expect(sourceBudgetChars({ contextWindow: 4096 }, 512)).toBe(7164);
  });

  it('leaves what a conversation already holds in its session', () => {
    const fresh = sourceBudgetChars({ contextWindow: 6144, charsPerToken: 4 }, 1024);
    const used = sourceBudgetChars({ contextWindow: 6144, contextUsed: 2000, charsPerToken: 4 }, 1024);
    expect(fresh - used).toBe(6000);
  });

  it('a longer answer leaves less room for the pages', () => {
    const short = sourceBudgetChars({ contextWindow: 8192, charsPerToken: 4 }, 256);
    const long = sourceBudgetChars({ contextWindow: 8192, charsPerToken: 4 }, 2048);
    expect(short).toBeGreaterThan(long);
  });

  it('stops at about 6,000 tokens in a big context, for the first token not to wait on them', () => {
    expect(sourceBudgetChars({ contextWindow: 131_072, charsPerToken: 4 }, 1024)).toBe(MAX_SOURCE_CHARS);
  });

  it('still sends one passage from a context the conversation has nearly filled', () => {
    expect(sourceBudgetChars({ contextWindow: 2048, contextUsed: 1900, charsPerToken: 4 }, 1024)).toBe(PASSAGE_CHARS);
  });
});
