import { describe, expect, it } from 'vitest';
import { createDeltaNormalizer } from './cumulative-chunks';

/** Feeds chunks through one normalizer and returns what it made of each. */
function normalize(chunks: string[]): string[] {
  const toDelta = createDeltaNormalizer();
  return chunks.map((chunk) => toDelta(chunk));
}

describe('createDeltaNormalizer', () => {
  it('passes delta chunks through unchanged', () => {
    expect(normalize(['Hel', 'lo', ' world', '!'])).toEqual(['Hel', 'lo', ' world', '!']);
  });

  it('turns cumulative chunks (the whole answer so far) into deltas', () => {
    expect(normalize(['Hel', 'Hello', 'Hello world', 'Hello world!'])).toEqual(['Hel', 'lo', ' world', '!']);
  });

  it('gives the same text for the same answer in either mode', () => {
    const deltas = ['The', ' quick', ' brown', ' fox'];
    const cumulative = deltas.map((_, index) => deltas.slice(0, index + 1).join(''));
    expect(normalize(cumulative).join('')).toBe('The quick brown fox');
    expect(normalize(deltas).join('')).toBe('The quick brown fox');
  });

  it('passes a single chunk through', () => {
    expect(normalize(['Only one chunk.'])).toEqual(['Only one chunk.']);
  });

  it('treats a second chunk equal to the first as a delta, not as a cumulative repeat', () => {
    expect(normalize(['ha', 'ha', 'ha']).join('')).toBe('hahaha');
  });

  it('decides the mode once: a later delta that happens to repeat the text so far is kept whole', () => {
    // Second chunk does not extend the first, so the stream is deltas; the third is then a delta too.
    expect(normalize(['ab', 'c', 'abc'])).toEqual(['ab', 'c', 'abc']);
  });

  it('in cumulative mode drops a chunk that rewrites what was shown, and goes on from what was shown', () => {
    expect(normalize(['Hel', 'Hello', 'Help', 'Hello world'])).toEqual(['Hel', 'lo', '', ' world']);
  });

  it('in cumulative mode yields nothing for a chunk that repeats the answer so far', () => {
    expect(normalize(['Hel', 'Hello', 'Hello', 'Hello!'])).toEqual(['Hel', 'lo', '', '!']);
  });

  it('waits for non-empty text before deciding the mode', () => {
    expect(normalize(['', 'Hel', 'Hello', 'Hello there'])).toEqual(['', 'Hel', 'lo', ' there']);
  });

  it('keeps no state between normalizers', () => {
    const cumulative = createDeltaNormalizer();
    const delta = createDeltaNormalizer();
    expect([cumulative('A'), cumulative('AB')]).toEqual(['A', 'B']);
    expect([delta('A'), delta('C')]).toEqual(['A', 'C']);
  });
});
