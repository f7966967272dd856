import * as v from 'valibot';

/**
 * What the user sets in the options page. Validated wherever it is read, so that a hand-edited or
 * older stored value can never reach an engine.
 */
export const ENGINE_PREFERENCES = ['auto', 'builtin', 'webllm', 'cpu'] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];

export const DEFAULT_CPU_MODEL = {
  // Qwen2.5 0.5B Instruct, Apache 2.0: the smallest model that still follows instructions and has a
  // chat template; Q4_K_M keeps it under half a gigabyte.
  name: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
  url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf',
  approximateBytes: 491_000_000,
};

const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.url('Enter a full address, such as https://example.com/model.gguf.'),
  v.check((url) => /^https?:\/\//i.test(url), 'The address must start with http:// or https://.'),
);

export const CpuModelSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the model a name.'), v.maxLength(120)),
  url: HttpUrl,
});

export const SettingsSchema = v.object({
  engine: v.picklist(ENGINE_PREFERENCES),
  cpuModel: CpuModelSchema,
  /** A WebLLM prebuilt model id; absent: Inkling chooses for the GPU. */
  webllmModel: v.optional(v.pipe(v.string(), v.maxLength(200))),
  /** Use a software (SwiftShader) WebGPU adapter anyway: slow, but some users want to try. */
  allowSoftwareWebGpu: v.boolean(),
  /** Minutes without a request after which the CPU/GPU engines' page closes and frees memory. */
  engineIdleMinutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)),
  sampling: v.object({
    temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
    topK: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
    maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(16), v.maxValue(8192))),
  }),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type CpuModel = v.InferOutput<typeof CpuModelSchema>;

export const DEFAULT_SETTINGS: Settings = {
  engine: 'auto',
  cpuModel: { name: DEFAULT_CPU_MODEL.name, url: DEFAULT_CPU_MODEL.url },
  allowSoftwareWebGpu: false,
  engineIdleMinutes: 10,
  sampling: {},
};

/** A stored value that no longer validates falls back to the defaults, field group by field group. */
export function readSettings(stored: unknown): Settings {
  const parsed = v.safeParse(SettingsSchema, stored);
  if (parsed.success) return parsed.output;
  const partial = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const merged = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = v.safeParse(SettingsSchema.entries[key], partial[key]);
    if (field.success) Object.assign(merged, { [key]: field.output });
  }
  return merged;
}
