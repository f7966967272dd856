import { describe, expect, it } from 'vitest';
import { createTinyGguf, createTinyGgufParts } from '../../tests/fixtures/tiny-gguf';
import { checkGguf } from './gguf-check';

const URL_ = 'http://127.0.0.1:9/model.gguf';

/** Streams `bytes` through the check in chunks of `chunk` bytes; resolves with what came out. */
async function pass(bytes: Uint8Array, options: { total?: number; parts?: number; chunk?: number } = {}) {
  const { total, parts, chunk = 4096 } = options;
  const check = checkGguf(URL_, total, { parts });
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.slice(at, at + chunk));
      controller.close();
    },
  });
  let out = 0;
  for await (const piece of source.pipeThrough(check.stream) as unknown as AsyncIterable<Uint8Array>)
    out += piece.length;
  return out;
}

describe('checking a downloaded model file', () => {
  const model = createTinyGguf();

  it('passes a whole GGUF through unchanged', async () => {
    expect(await pass(model, { total: model.length, parts: 1 })).toBe(model.length);
  });

  it('refuses a file cut short without a length from the server: its header says how long it is', async () => {
    await expect(pass(model.subarray(0, model.length - 1000))).rejects.toMatchObject({
      message: expect.stringContaining('ended early'),
    });
  });

  it('refuses a part of a split model given as a whole one, naming the address to give', async () => {
    const [first] = createTinyGgufParts(3);
    await expect(pass(first!, { parts: 1 })).rejects.toMatchObject({
      message: expect.stringContaining('is one of 3 parts of a model: give the address of its first part'),
    });
    expect(await pass(first!, { parts: 3 })).toBe(first!.length);
  });
});
