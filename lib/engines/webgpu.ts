/**
 * Whether this browser can run a language model on its GPU through WebGPU, asked the way WebLLM
 * asks (a high-performance adapter), so the answer describes the adapter WebLLM will use.
 *
 * TypeScript 5.9's DOM library has no WebGPU types and @webgpu/types is not installed, so the few
 * members read here are declared below. They are a subset of the real interfaces: `navigator.gpu`
 * can be passed in once those types exist.
 */

export interface GPURequestAdapterOptions {
  powerPreference?: 'low-power' | 'high-performance';
  forceFallbackAdapter?: boolean;
}

export interface GPUAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** Newer Chrome; older Chrome has `GPUAdapter.isFallbackAdapter` instead. */
  readonly isFallbackAdapter?: boolean;
}

export interface GPUSupportedLimits {
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxStorageBuffersPerShaderStage: number;
}

export interface GPUAdapter {
  readonly features: { has(feature: string): boolean };
  readonly limits: GPUSupportedLimits;
  /** Chrome 127+. */
  readonly info?: GPUAdapterInfo;
  /** Deprecated in favour of `info.isFallbackAdapter`, still the only one in older Chrome. */
  readonly isFallbackAdapter?: boolean;
}

export interface GPU {
  requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null>;
}

export type WebGpuVerdict =
  | {
      ok: true;
      shaderF16: boolean;
      isFallbackAdapter: boolean;
      maxBufferSize: number;
      maxStorageBufferBindingSize: number;
      /** The adapter in words, for diagnostics ("NVIDIA ampere"). */
      description: string;
    }
  | { ok: false; reason: string; remedy: string };

const NO_ADAPTER_REMEDY =
  'Turn on “Use graphics acceleration when available” in chrome://settings/system, ' +
  'update your GPU drivers, and check chrome://gpu for “WebGPU: Hardware accelerated”.';

/** Firefox exposes WebGPU on some systems and versions only: the status says so rather than guess. */
const FIREFOX_NO_WEBGPU = {
  reason: 'This Firefox offers no WebGPU on this system.',
  remedy:
    'Firefox turns WebGPU on one system at a time; about:support tells what it sees. ' +
    'The CPU engine and your own server work without it.',
};

const MIB = 1024 * 1024;

/**
 * The smallest limits WebLLM's runtime accepts (its `detectGPUDevice`): below them it throws while
 * loading a model, after the download. Refusing here says why before anything is downloaded.
 */
const REQUIRED_LIMITS: { [K in keyof GPUSupportedLimits]: number } = {
  maxBufferSize: 256 * MIB,
  maxStorageBufferBindingSize: 128 * MIB,
  maxComputeWorkgroupStorageSize: 32 * 1024,
  maxStorageBuffersPerShaderStage: 10,
};

export async function detectWebGpu(
  gpu: GPU | undefined,
  options: { allowFallbackAdapter: boolean },
): Promise<WebGpuVerdict> {
  if (!gpu && import.meta.env.FIREFOX) return { ok: false, ...FIREFOX_NO_WEBGPU };
  if (!gpu) {
    return {
      ok: false,
      reason: 'This browser has no WebGPU.',
      remedy:
        'Use Chrome 113 or newer, and check that WebGPU is not turned off ' +
        'in chrome://flags or by your administrator’s policy.',
    };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter && import.meta.env.FIREFOX) return { ok: false, ...FIREFOX_NO_WEBGPU };
  if (!adapter) {
    return { ok: false, reason: 'No WebGPU adapter: Chrome offers no GPU here.', remedy: NO_ADAPTER_REMEDY };
  }
  const isFallbackAdapter = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  if (isFallbackAdapter && !options.allowFallbackAdapter) {
    // Chromium gives SwiftShader, a CPU emulation of a GPU, when it has no usable GPU: it answers at
    // a few tokens a minute, which looks like a hang.
    return {
      ok: false,
      reason:
        'The only WebGPU adapter is a software one (SwiftShader) that runs on the CPU: ' +
        'far too slow for a language model.',
      remedy: `${NO_ADAPTER_REMEDY} To try it anyway, allow software WebGPU in Inkling’s options.`,
    };
  }
  const short = (Object.keys(REQUIRED_LIMITS) as (keyof GPUSupportedLimits)[]).find(
    (name) => !(adapter.limits[name] >= REQUIRED_LIMITS[name]),
  );
  if (short) {
    return {
      ok: false,
      reason:
        `This GPU’s WebGPU limit ${short} is ${adapter.limits[short]}, ` +
        `below the ${REQUIRED_LIMITS[short]} WebLLM needs.`,
      remedy: 'Update Chrome and your GPU drivers, or use a computer with a more capable GPU.',
    };
  }
  return {
    ok: true,
    shaderF16: adapter.features.has('shader-f16'),
    isFallbackAdapter,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    description: describe(adapter.info),
  };
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'WebGPU adapter';
  if (info.description) return info.description;
  return [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') || 'WebGPU adapter';
}
