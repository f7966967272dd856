import { describe, expect, it } from 'vitest';
import { fakeWllama } from '../../tests/unit/fake-wllama';
import { describePlacement, startWllama } from './cpu-instance';
import type { GPU, GPUAdapter } from './webgpu';

const limits = {
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 30,
  maxComputeWorkgroupStorageSize: 32_768,
  maxStorageBuffersPerShaderStage: 10,
};
const gpuWith = (adapter: Partial<GPUAdapter> | null): GPU => ({
  requestAdapter: async () => (adapter ? ({ features: new Set<string>(), limits, ...adapter } as GPUAdapter) : null),
});
const options = (gpu?: GPU) => ({
  module: fakeWllama().module,
  wasmUrl: 'chrome-extension://inkling/wllama.wasm',
  blobs: [new Blob(['GGUF'])],
  contextTokens: 4096,
  threads: 2,
  ...(gpu && { gpu }),
});

describe('where the CPU engine runs its model', () => {
  it('without WebGPU, on the CPU with the threads asked for, as wllama reports them', async () => {
    const { placement } = await startWllama(options());
    expect(placement).toEqual({ gpu: false, threads: 2, multithread: true });
    expect(describePlacement(placement)).toBe('on your CPU, 2 threads');
    expect(describePlacement({ gpu: false, threads: 1, multithread: false })).toBe('on your CPU, 1 thread');
  });

  it('a software adapter (SwiftShader) is refused: the CPU is faster than a GPU emulated on it', async () => {
    const { placement } = await startWllama(options(gpuWith({ info: { isFallbackAdapter: true } as never })));
    expect(placement.gpu).toBe(false);
  });

  it('a real adapter takes every layer and is named as the GPU', async () => {
    const { wllama, placement } = await startWllama(options(gpuWith({ info: { isFallbackAdapter: false } as never })));
    expect(placement.gpu).toBe(true);
    expect(describePlacement(placement)).toBe('on your GPU');
    expect((wllama as unknown as { loaded: { params: { n_gpu_layers: number } } }).loaded.params.n_gpu_layers).toBe(
      99_999,
    );
  });
});
