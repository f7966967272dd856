import type { Wllama } from '@wllama/wllama/esm/index.js';
import { detectWebGpu, type GPU } from './webgpu';

export type WllamaModule = Pick<typeof import('@wllama/wllama/esm/index.js'), 'Wllama'>;

/** Where a loaded model runs, as wllama reports it once loaded. */
export interface Placement {
  gpu: boolean;
  threads: number;
  multithread: boolean;
}

/** "on your GPU" / "on your CPU, 7 threads": how the engine's rows and labels say where it runs. */
export function describePlacement({ gpu, threads }: Placement): string {
  return gpu ? 'on your GPU' : `on your CPU, ${threads} ${threads === 1 ? 'thread' : 'threads'}`;
}

const READ_BATCH_TOKENS = 512;

export interface StartOptions {
  module: WllamaModule;
  /** wllama's one WebAssembly build, shipped inside the extension: it threads where the page is isolated. */
  wasmUrl: string;
  blobs: Blob[];
  contextTokens: number;
  threads: number;
  /** `navigator.gpu` where the engine runs; absent or without a real adapter: the CPU only. */
  gpu?: GPU;
}

/**
 * Starts a wllama instance with the model: its layers on the GPU when a real adapter is there (a
 * software one is refused, as the WebGPU engine refuses it: slower than the CPU), else on the CPU with
 * `threads` threads. A GPU that fails to load the model falls back to the CPU.
 */
export async function startWllama(options: StartOptions): Promise<{ wllama: Wllama; placement: Placement }> {
  const onGpu = (await detectWebGpu(options.gpu, { allowFallbackAdapter: false })).ok;
  if (!onGpu) return start(options, false);
  try {
    return await start(options, true);
  } catch {
    return start(options, false);
  }
}

async function start(options: StartOptions, onGpu: boolean): Promise<{ wllama: Wllama; placement: Placement }> {
  const wllama = new options.module.Wllama({ default: options.wasmUrl }, { suppressNativeLog: true });
  // Otherwise a browser without JSPI fetches a compatibility build from a CDN.
  wllama.setCompat(null);
  try {
    await wllama.loadModel(options.blobs, {
      n_ctx: options.contextTokens,
      n_threads: options.threads,
      n_gpu_layers: onGpu ? 99_999 : 0,
      // llama.cpp reports its reading of a prompt once per batch: 512 tokens (its micro-batch, so no
      // slower) rather than 2,048 lets a page's "Reading… 40%" move.
      n_batch: READ_BATCH_TOKENS,
    });
  } catch (error) {
    await wllama.exit().catch(() => {});
    throw error;
  }
  return { wllama, placement: { gpu: onGpu, threads: wllama.getNumThreads(), multithread: wllama.isMultithread() } };
}
