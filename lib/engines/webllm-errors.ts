import { InklingError } from '../contracts/errors';
import { GPU_PAGE } from '../browser/browser-pages';
import type { WebLlmModelRecord } from './webllm-models';

/** web-llm's failures, by the error names and messages of web-llm 0.2.86, as messages a user can act on. */

/**
 * A failure while answering. `modelLost`: the model is gone from the GPU, and the next request
 * must load it again.
 */
export function generationError(error: unknown, name: string): { error: InklingError; modelLost: boolean } {
  const { name: errorName, message } = describeError(error);
  if (errorName === 'ContextWindowSizeExceededError') {
    const tokens = /prompt tokens: (\d+)/.exec(message)?.[1];
    const window = /context window size: (\d+)/.exec(message)?.[1];
    return {
      error: new InklingError(
        'input-too-large',
        `This conversation needs ${tokens ? `${tokens} tokens` : 'more tokens'} ` +
          `but ${name} holds ${window ?? 'fewer'}. ` +
          `Shorten the message or start a new chat.`,
      ),
      modelLost: false,
    };
  }
  if (errorName === 'DeviceLostError' || errorName === 'ModelNotLoadedError' || /device (was )?lost/i.test(message)) {
    return {
      error: new InklingError(
        'engine-failed',
        `The GPU dropped ${name} while answering (out of memory or a driver reset). ` +
          `Try again; it will be loaded again.`,
      ),
      modelLost: true,
    };
  }
  return { error: new InklingError('engine-failed', `WebLLM failed while answering: ${message}`), modelLost: false };
}

/** Turns a load failure into a message naming its cause. Order matters: a lost device mentions OOM. */
export function loadError(error: unknown, name: string, record: WebLlmModelRecord): InklingError {
  const { name: errorName, message } = describeError(error);
  const size = `about ${Math.round(record.vram_required_MB ?? 0)} MB`;
  let text: string;
  if (errorName === 'DeviceLostError' || /device (was )?lost/i.test(message)) {
    text =
      `The GPU ran out of memory or was reset while loading ${name} (${size}). ` +
      `Close other tabs that use the GPU, or choose a smaller model.`;
  } else if (/out of memory|\bOOM\b/i.test(message)) {
    text =
      `The GPU does not have enough memory for ${name} (${size}). ` +
      `Close other tabs that use the GPU, or choose a smaller model.`;
  } else if (errorName === 'QuotaExceededError' || /quota/i.test(message)) {
    text = `There is not enough free disk space to store ${name} (${size}).`;
  } else if (errorName === 'ShaderF16SupportError' || /shader-f16/.test(message)) {
    text = `${name} needs the GPU feature shader-f16, which this GPU lacks. Choose a q4f32 model in Inkling’s options.`;
  } else if (errorName === 'WebGPUNotAvailableError' || /compatible GPU|WebGPU is not supported/i.test(message)) {
    text = `WebGPU offered no GPU while loading ${name}. Check ${GPU_PAGE}.`;
  } else if (
    errorName === 'NetworkError' ||
    /failed to fetch|network|cannot fetch|unable to fetch|request failed/i.test(message)
  ) {
    // fetch() says "Failed to fetch"; Cache.add() (web-llm's default cache) says "Request failed" for an HTTP
    // error.
    text =
      `Could not download ${name}: the network failed (${message}). ` +
      `Check your connection; the model comes from huggingface.co.`;
  } else {
    text = `WebLLM could not load ${name}: ${message}`;
  }
  return new InklingError('engine-failed', text);
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error || error instanceof DOMException) return { name: error.name, message: error.message };
  return { name: '', message: String(error) };
}
