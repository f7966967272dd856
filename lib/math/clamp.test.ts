import { describe, expect, it } from 'vitest';
import { clamp } from './clamp';

describe('clamp', () => {
  it('keeps a value inside the range and moves one outside to the nearer end', () => {
    expect(clamp(5, 0, 10)).toBe(5);
    expect(clamp(-1, 0, 10)).toBe(0);
    expect(clamp(11, 0, 10)).toBe(10);
  });

  it('gives the minimum when the range is empty', () => {
    expect(clamp(5, 8, 4)).toBe(8);
  });
});
