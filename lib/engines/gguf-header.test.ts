import { describe, expect, it } from 'vitest';
import { createTinyGguf } from '../../tests/fixtures/tiny-gguf';
import { readGgufHeader } from './gguf-header';

const model = createTinyGguf();

describe('reading a GGUF header', () => {
  it('gives the size the file declares: where its last tensor ends, within its final padding', () => {
    const header = readGgufHeader(model);
    expect(header).toMatchObject({ state: 'valid', splitCount: 1 });
    const { declaredBytes } = header as { declaredBytes: number };
    expect(declaredBytes).toBeLessThanOrEqual(model.length);
    expect(declaredBytes).toBeGreaterThan(model.length - 32);
  });

  it('asks for more bytes while the header is cut short', () => {
    expect(readGgufHeader(model.subarray(0, 2))).toEqual({ state: 'incomplete' });
    expect(readGgufHeader(model.subarray(0, 5_000))).toEqual({ state: 'incomplete' });
  });

  it('refuses a file that is not GGUF, and garbage after the GGUF magic', () => {
    expect(readGgufHeader(new TextEncoder().encode('<!doctype html>'))).toMatchObject({ state: 'invalid' });
    const garbage = new Uint8Array(4096).map((_, index) => (index * 7919) % 251);
    garbage.set(new TextEncoder().encode('GGUF'));
    expect(readGgufHeader(garbage)).toMatchObject({ state: 'invalid' });
  });
});
