import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTinyGguf } from '../fixtures/tiny-gguf';

/** A shape big enough that llama.cpp is compute-bound: about 27 M parameters of deterministic weights. */
export const COMPUTE_BOUND_SHAPE = { embd: 512, ff: 1536, layers: 8, heads: 8, headsKv: 8 };

const SHARED_MODEL = resolve(import.meta.dirname, '../../../shared/models/stories260K.gguf');

export interface BenchModel {
  name: string;
  bytes: Uint8Array;
}

/** The generated compute-bound model, and stories260K when ../shared has it. */
export function benchModels(): BenchModel[] {
  const generated = {
    name: 'generated 27M-parameter model',
    bytes: createTinyGguf({ shape: COMPUTE_BOUND_SHAPE, contextLength: 4096 }),
  };
  return existsSync(SHARED_MODEL)
    ? [generated, { name: 'stories260K', bytes: readFileSync(SHARED_MODEL) }]
    : [generated];
}
