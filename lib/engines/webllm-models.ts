import type { ModelRecord } from '@mlc-ai/web-llm';

/**
 * Which of WebLLM's prebuilt models to run, from `prebuiltAppConfig.model_list` passed in (this file
 * never loads web-llm itself, so the options page can use it).
 *
 * Default: Llama 3.2 1B Instruct. Among web-llm's small instruct models it gives the most quality
 * per megabyte of GPU memory (web-llm 0.2.86's records): 879 MB as q4f16_1, 1129 MB as q4f32_1 —
 * less than Qwen2.5 0.5B Instruct (945 / 1060 MB) with twice the parameters, and far better answers
 * than SmolLM2 360M (376 / 580 MB). It has both builds, so GPUs with and without shader-f16 get the
 * same model, it is officially multilingual (eight languages), and web-llm marks it
 * `low_resource_required`. Gemma 3 1B is smaller (711 MB) but has only a q4f16 build, and Google
 * describes its multilingual training for the larger Gemma 3 sizes; it comes next, then the smaller
 * Qwen and SmolLM models, for when a model is missing from a future web-llm or does not fit the GPU.
 */
export const DEFAULT_WEBLLM_FAMILIES = [
  'Llama-3.2-1B-Instruct',
  'gemma3-1b-it',
  'Qwen2.5-0.5B-Instruct',
  'SmolLM2-360M-Instruct',
] as const;

/** Small instruct models worth offering on the options page, with readable names. */
const CATALOG: readonly { family: string; name: string }[] = [
  { family: 'SmolLM2-360M-Instruct', name: 'SmolLM2 360M Instruct' },
  { family: 'gemma3-1b-it', name: 'Gemma 3 1B' },
  { family: 'Llama-3.2-1B-Instruct', name: 'Llama 3.2 1B Instruct' },
  { family: 'Qwen2.5-0.5B-Instruct', name: 'Qwen2.5 0.5B Instruct' },
  { family: 'Qwen3-0.6B', name: 'Qwen3 0.6B' },
  { family: 'Qwen2.5-1.5B-Instruct', name: 'Qwen2.5 1.5B Instruct' },
  { family: 'Qwen3-1.7B', name: 'Qwen3 1.7B' },
  { family: 'SmolLM2-1.7B-Instruct', name: 'SmolLM2 1.7B Instruct' },
  { family: 'gemma-2-2b-it', name: 'Gemma 2 2B' },
  { family: 'Llama-3.2-3B-Instruct', name: 'Llama 3.2 3B Instruct' },
  { family: 'Qwen2.5-3B-Instruct', name: 'Qwen2.5 3B Instruct' },
];

/** The fields of web-llm's `ModelRecord` the choice reads; the real records fit it. */
export type WebLlmModelRecord = Pick<
  ModelRecord,
  'model_id' | 'vram_required_MB' | 'required_features' | 'buffer_size_required_bytes' | 'model_type' | 'overrides'
>;

/** What the choice needs to know about the GPU (from `detectWebGpu`). */
export interface WebLlmGpu {
  shaderF16: boolean;
  maxStorageBufferBindingSize: number;
}

export interface WebLlmChoiceOptions extends WebLlmGpu {
  /** A model id from the user's settings; absent: the default order above. */
  preferred?: string;
}

export type WebLlmModelChoice<T extends WebLlmModelRecord = WebLlmModelRecord> =
  | {
      ok: true;
      record: T;
      /** The preferred id, when this GPU cannot run it and its 32-bit twin was taken instead. */
      swappedFrom?: string;
    }
  | { ok: false; reason: string };

export interface WebLlmModelOption {
  id: string;
  label: string;
  /** web-llm's estimate of the GPU memory the model needs, in MB. */
  vramMB: number;
}

/** web-llm's `ModelType.LLM`: an enum value, which `import type` cannot bring. */
const MODEL_TYPE_LLM = 0;

/** "Llama-3.2-1B-Instruct-q4f16_1-MLC-1k": family, quantization (weights, then float width), suffix. */
const BUILD_ID = /^(.+)-(q\d+f(16|32)(?:_\d+)?)-MLC(.*)$/;

interface Build {
  family: string;
  quantization: string;
  float: '16' | '32';
  suffix: string;
}

function parseBuild(id: string): Build | undefined {
  const match = BUILD_ID.exec(id);
  if (!match) return undefined;
  return { family: match[1]!, quantization: match[2]!, float: match[3] as '16' | '32', suffix: match[4]! };
}

/**
 * f16 builds compute in 16-bit floats, which needs the adapter's `shader-f16`. web-llm 0.2.86 lists
 * `required_features: ['shader-f16']` on only some of them (not on Llama 3.2, Qwen2.5 or Gemma 3),
 * so the quantization in the id counts too.
 */
export function needsShaderF16(record: WebLlmModelRecord): boolean {
  return (record.required_features?.includes('shader-f16') ?? false) || parseBuild(record.model_id)?.float === '16';
}

/** A readable name for a model id: "Llama 3.2 1B Instruct". */
export function webLlmModelName(modelId: string): string {
  const build = parseBuild(modelId);
  const family = build?.family ?? modelId.replace(/-MLC.*$/, '');
  return CATALOG.find((entry) => entry.family === family)?.name ?? family.replaceAll('-', ' ');
}

export function chooseWebLlmModel<T extends WebLlmModelRecord>(
  list: readonly T[],
  options: WebLlmChoiceOptions,
): WebLlmModelChoice<T> {
  const byId = new Map(list.map((record) => [record.model_id, record]));
  if (options.preferred !== undefined) return choosePreferred(list, byId, options.preferred, options);

  for (const family of DEFAULT_WEBLLM_FAMILIES) {
    // The f16 build is smaller and faster where the GPU has shader-f16; the f32 one runs everywhere.
    const ids = options.shaderF16 ? [`${family}-q4f16_1-MLC`, `${family}-q4f32_1-MLC`] : [`${family}-q4f32_1-MLC`];
    for (const id of ids) {
      const record = byId.get(id);
      if (record && !whyNot(record, options)) return { ok: true, record };
    }
  }
  return {
    ok: false,
    reason:
      `None of WebLLM’s small models fits this GPU (${options.shaderF16 ? 'with' : 'without'} shader-f16, ` +
      `storage buffers up to ${megabytes(options.maxStorageBufferBindingSize)} MB).`,
  };
}

function choosePreferred<T extends WebLlmModelRecord>(
  list: readonly T[],
  byId: Map<string, T>,
  preferred: string,
  gpu: WebLlmGpu,
): WebLlmModelChoice<T> {
  const record = byId.get(preferred);
  if (!record) return { ok: false, reason: `WebLLM has no model called “${preferred}”.` };
  const problem = whyNot(record, gpu);
  if (!problem) return { ok: true, record };
  if (needsShaderF16(record) && !gpu.shaderF16) {
    const twin = f32Twin(list, record);
    if (twin && !whyNot(twin, gpu)) return { ok: true, record: twin, swappedFrom: preferred };
    return { ok: false, reason: `${problem} It has no 32-bit (q4f32) build that could run instead.` };
  }
  return { ok: false, reason: problem };
}

/** Why this GPU cannot run `record`, or undefined when it can. */
function whyNot(record: WebLlmModelRecord, gpu: WebLlmGpu): string | undefined {
  if (record.model_type !== undefined && record.model_type !== MODEL_TYPE_LLM) {
    return `${record.model_id} is not a chat model.`;
  }
  if (needsShaderF16(record) && !gpu.shaderF16) {
    return `${record.model_id} needs the GPU feature shader-f16, which this GPU does not have.`;
  }
  if (
    record.buffer_size_required_bytes !== undefined &&
    record.buffer_size_required_bytes > gpu.maxStorageBufferBindingSize
  ) {
    return (
      `${record.model_id} needs GPU storage buffers of ${megabytes(record.buffer_size_required_bytes)} MB; ` +
      `this GPU allows ${megabytes(gpu.maxStorageBufferBindingSize)} MB.`
    );
  }
  return undefined;
}

/** The same model quantized with 32-bit floats: q4f16_1 -> q4f32_1, q0f16 -> q0f32. */
function f32Twin<T extends WebLlmModelRecord>(list: readonly T[], record: T): T | undefined {
  const build = parseBuild(record.model_id);
  if (build?.float !== '16') return undefined;
  const id = `${build.family}-${build.quantization.replace('f16', 'f32')}-MLC${build.suffix}`;
  return list.find((candidate) => candidate.model_id === id);
}

/**
 * The models an options page offers, smallest first. With a GPU's facts: one build per model, the
 * one `chooseWebLlmModel` would take for it, and only what that GPU can run. Without: both 4-bit builds.
 */
export function webLlmModelOptions(list: readonly WebLlmModelRecord[], gpu?: WebLlmGpu): WebLlmModelOption[] {
  const options: WebLlmModelOption[] = [];
  for (const { family, name } of CATALOG) {
    const builds = [`${family}-q4f16_1-MLC`, `${family}-q4f32_1-MLC`];
    if (gpu) {
      const choice = chooseWebLlmModel(list, {
        ...gpu,
        preferred: builds.find((id) => list.some((r) => r.model_id === id)) ?? builds[0],
      });
      if (choice.ok) options.push(option(choice.record, name));
      continue;
    }
    for (const id of builds) {
      const record = list.find((candidate) => candidate.model_id === id);
      if (record && (record.model_type === undefined || record.model_type === MODEL_TYPE_LLM))
        options.push(option(record, name));
    }
  }
  return options.sort((a, b) => a.vramMB - b.vramMB);
}

function option(record: WebLlmModelRecord, name: string): WebLlmModelOption {
  const quantization = parseBuild(record.model_id)?.quantization;
  return {
    id: record.model_id,
    label: quantization ? `${name} (${quantization})` : name,
    vramMB: Math.round(record.vram_required_MB ?? 0),
  };
}

function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
