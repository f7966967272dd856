import { describe, expect, it } from 'vitest';
import { applyCorrections, correctionsBetween } from './corrections';

describe('corrections between a text and its corrected version', () => {
  it('are one per changed run of words, with offsets in the original', () => {
    const original = 'Their is a cat, it sleep on teh mat.';
    const corrected = 'There is a cat; it sleeps on the mat.';
    const corrections = correctionsBetween(original, corrected);
    expect(corrections.map(({ start, end, replacement }) => [original.slice(start, end), replacement])).toEqual([
      ['Their', 'There'],
      [',', ';'],
      ['sleep', 'sleeps'],
      ['teh', 'the'],
    ]);
    expect(applyCorrections(original, corrections)).toBe(corrected);
  });

  it('handles words added and removed, and applies any subset', () => {
    const original = 'I going to the the shop';
    const corrected = 'I am going to the shop';
    const corrections = correctionsBetween(original, corrected);
    expect(applyCorrections(original, corrections)).toBe(corrected);
    expect(applyCorrections(original, corrections.slice(0, 1))).not.toBe(original);
    expect(correctionsBetween('Fine as it is.', 'Fine as it is.')).toEqual([]);
  });
});
