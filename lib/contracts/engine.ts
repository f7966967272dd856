import * as v from 'valibot';

/**
 * What every engine is and says about itself, as it crosses ports: the one list of engine ids, the
 * messages an engine is given, its availability, its download progress and how a stream finished.
 */
export const ENGINE_IDS = ['builtin', 'webllm', 'cpu', 'server'] as const;
export const EngineIdSchema = v.picklist(ENGINE_IDS);
export type EngineId = v.InferOutput<typeof EngineIdSchema>;

/** The engines that run in the engine host (the offscreen document), not in the background. */
export const HOSTED_ENGINE_IDS = ['webllm', 'cpu'] as const satisfies readonly EngineId[];
export const HostedEngineIdSchema = v.picklist(HOSTED_ENGINE_IDS);
export type HostedEngineId = v.InferOutput<typeof HostedEngineIdSchema>;

/** How each engine is named to users, wherever it runs. */
export const ENGINE_LABELS = {
  builtin: 'Gemini Nano (built into Chrome)',
  webllm: 'WebLLM on your GPU',
  cpu: 'llama.cpp on your CPU',
  // Followed by where it runs once it is set up: "Your server on gpu-box.lan".
  server: 'Your server',
} as const satisfies Record<EngineId, string>;

/** Room for a long page or selection; a longer one is summarized in parts before it gets here. */
export const MAX_MESSAGE_CHARS = 1_000_000;

/** An http(s) address, as the options page takes one. */
export const HttpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.url('Enter a full address, such as https://example.com/model.gguf.'),
  v.check((url) => /^https?:\/\//i.test(url), 'The address must start with http:// or https://.'),
);

/** A GGUF model for the CPU engine: the settings' default one, or one a conversation chose. */
export const CpuModelSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the model a name.'), v.maxLength(120)),
  url: HttpUrl,
});
export type CpuModel = v.InferOutput<typeof CpuModelSchema>;

export const RoleSchema = v.picklist(['system', 'user', 'assistant']);
export type Role = v.InferOutput<typeof RoleSchema>;

export const ChatMessageSchema = v.object({
  role: RoleSchema,
  content: v.pipe(
    v.string(),
    v.maxLength(MAX_MESSAGE_CHARS, `A message may hold at most ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters.`),
  ),
});
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

export const SamplingOptionsSchema = v.object({
  /** Upper bound on generated tokens; the answer ends with finish reason 'length' when reached. */
  maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32_768))),
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(10))),
  topK: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000))),
  /** BCP 47 code of the language the answer should be in (the Prompt API's `expectedOutputs`). */
  language: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'The language must be a BCP 47 code such as "en".'),
    ),
  ),
});
export type SamplingOptions = v.InferOutput<typeof SamplingOptionsSchema>;

export const AvailabilitySchema = v.variant('state', [
  /** `detail`: where it runs, when that varies ("on your CPU, 7 threads"). */
  v.object({ state: v.literal('available'), detail: v.optional(v.string()) }),
  v.object({ state: v.literal('downloadable'), detail: v.string() }),
  v.object({ state: v.literal('downloading'), detail: v.string() }),
  v.object({ state: v.literal('unavailable'), reason: v.string(), remedy: v.string() }),
]);
export type Availability = v.InferOutput<typeof AvailabilitySchema>;

export const PrepareProgressSchema = v.object({
  /** 0..1 */
  progress: v.number(),
  /** What is happening, in words a user understands ("Downloading Gemini Nano"). */
  phase: v.string(),
  /** Bytes downloaded so far and in all, for downloads that know them. */
  loadedBytes: v.optional(v.number()),
  totalBytes: v.optional(v.number()),
});
export type PrepareProgress = v.InferOutput<typeof PrepareProgressSchema>;

export const FinishReasonSchema = v.picklist(['stop', 'length', 'cancelled']);
export type FinishReason = v.InferOutput<typeof FinishReasonSchema>;

/** What an engine's stream returns once it ends; token counts are the engine's own when it gives them. */
export const EngineFinishSchema = v.object({
  finishReason: FinishReasonSchema,
  inputTokens: v.optional(v.number()),
  /** Of the input tokens, those the engine read for this answer; it reused the rest from its cache. */
  inputTokensRead: v.optional(v.number()),
  outputTokens: v.optional(v.number()),
  /** Something the user should know about this answer, e.g. that old turns were forgotten. */
  notice: v.optional(v.string()),
});
export type EngineFinish = v.InferOutput<typeof EngineFinishSchema>;

/** What an engine knows of its model's context, for fitting a prompt to it. */
export const ContextInfoSchema = v.object({
  /** Tokens the model can hold, when the engine tells. */
  contextWindow: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Tokens the conversation's session already holds. */
  contextUsed: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** Characters a token of its tokenizer stands for, measured on the engine's own long prompts. */
  charsPerToken: v.optional(v.pipe(v.number(), v.minValue(0.01))),
});
export type ContextInfo = v.InferOutput<typeof ContextInfoSchema>;

const EngineNameSchema = v.object({ id: EngineIdSchema, label: v.string(), model: v.string() });

export const EngineStatusSchema = v.object({
  /** The engine that answers, absent when none can run. */
  active: v.optional(EngineNameSchema),
  engines: v.array(v.object({ ...EngineNameSchema.entries, availability: AvailabilitySchema })),
  /** A download or load under way, and the engine it is for. */
  preparing: v.optional(v.object({ ...PrepareProgressSchema.entries, engine: v.optional(EngineIdSchema) })),
});
export type EngineStatus = v.InferOutput<typeof EngineStatusSchema>;
