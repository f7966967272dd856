import * as v from 'valibot';
import { ERROR_CODES } from '../errors';
import { TaskSchema } from '../tasks/task';

/**
 * The messages between a surface (side panel, page, options) and the background, over one
 * long-lived runtime port per surface. Several requests share a port, told apart by `id`.
 * Both ends validate what they receive: a port carries whatever the other side sends.
 */
export const PORT_NAME = 'inkling';

export const ENGINE_IDS = ['builtin', 'webllm', 'cpu'] as const;
/** Room for a long page or selection; a longer one is summarized in parts before it gets here. */
export const MAX_MESSAGE_CHARS = 1_000_000;
const MAX_MESSAGES = 1_000;

const RequestId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

export const ChatMessageSchema = v.object({
  role: v.picklist(['system', 'user', 'assistant']),
  content: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS, `A message may hold at most ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters.`)),
});

export const ConversationSchema = v.pipe(
  v.array(ChatMessageSchema),
  v.minLength(1, 'There is nothing to send.'),
  v.maxLength(MAX_MESSAGES, `A conversation may hold at most ${MAX_MESSAGES} messages.`),
  v.check((messages) => messages.at(-1)?.role === 'user', 'The last message must be the user’s.'),
  v.check((messages) => messages.at(-1)?.content.trim() !== '', 'The message is empty.'),
  v.check(
    (messages) => messages.every((message, index) => message.role !== 'system' || index === 0),
    'Only the first message may be a system prompt.',
  ),
);

export const GenerateOptionsSchema = v.object({
  maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32_768))),
  temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(10))),
  topK: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000))),
  language: v.optional(v.pipe(v.string(), v.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'The language must be a BCP 47 code such as "en".'))),
  /** How long the background may gather deltas before sending them; 0 sends each one. */
  deltaIntervalMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(250))),
});

export const AvailabilitySchema = v.variant('state', [
  v.object({ state: v.literal('available') }),
  v.object({ state: v.literal('downloadable'), detail: v.string() }),
  v.object({ state: v.literal('downloading'), detail: v.string() }),
  v.object({ state: v.literal('unavailable'), reason: v.string(), remedy: v.string() }),
]);

export const PrepareProgressSchema = v.object({
  progress: v.number(),
  phase: v.string(),
  /** Bytes downloaded so far and in all, for downloads that know them. */
  loadedBytes: v.optional(v.number()),
  totalBytes: v.optional(v.number()),
});

export const EngineStatusSchema = v.object({
  /** The engine that answers, absent when none can run. */
  active: v.optional(v.object({ id: v.picklist(ENGINE_IDS), label: v.string(), model: v.string() })),
  engines: v.array(
    v.object({ id: v.picklist(ENGINE_IDS), label: v.string(), model: v.string(), availability: AvailabilitySchema }),
  ),
  /** A download or load under way, and the engine it is for. */
  preparing: v.optional(v.object({ ...PrepareProgressSchema.entries, engine: v.optional(v.picklist(ENGINE_IDS)) })),
});

export const ClientMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('start'),
    id: RequestId,
    messages: ConversationSchema,
    conversationId: v.optional(v.pipe(v.string(), v.maxLength(100))),
    options: GenerateOptionsSchema,
    /** For a plain summary: the text alone, which Chrome's Summarizer API takes where it is ready. */
    summaryOf: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS))),
    /** The stored assistant turn the background saves this answer into, as it streams. */
    saveTo: v.optional(v.object({ conversationId: v.pipe(v.string(), v.maxLength(100)), turnId: v.pipe(v.string(), v.maxLength(100)) })),
  }),
  v.object({ type: v.literal('cancel'), id: RequestId }),
  /** Asks for an 'engine-status' reply; `refresh` asks the engines again instead of the cache. */
  v.object({ type: v.literal('status'), refresh: v.boolean() }),
  /** Starts the active engine's download or load (the user's consent); 'cancel-prepare' stops it. */
  v.object({ type: v.literal('prepare'), engine: v.optional(v.picklist(ENGINE_IDS)) }),
  v.object({ type: v.literal('cancel-prepare') }),
  /** A side panel says it is open in this window and takes tasks (context menu, commands). */
  v.object({ type: v.literal('panel-ready'), windowId: v.pipe(v.number(), v.integer()) }),
]);

export const GenerationResultSchema = v.object({
  text: v.string(),
  engine: v.picklist(ENGINE_IDS),
  engineLabel: v.string(),
  model: v.string(),
  finishReason: v.picklist(['stop', 'length', 'cancelled']),
  inputTokens: v.optional(v.number()),
  tokensUsed: v.number(),
  /** True when the engine gave no count and `tokensUsed` is estimated from the text. */
  tokensEstimated: v.boolean(),
  timeToFirstTokenMs: v.optional(v.number()),
  latencyMs: v.number(),
  tokensPerSecond: v.number(),
  notice: v.optional(v.string()),
});

export const ServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('delta'), id: RequestId, text: v.string() }),
  v.object({ type: v.literal('done'), id: RequestId, result: GenerationResultSchema }),
  /** An error without `id` concerns the port or the engine rather than one request. */
  v.object({ type: v.literal('error'), id: v.optional(v.string()), code: v.picklist(ERROR_CODES), message: v.string() }),
  v.object({ type: v.literal('engine-status'), status: EngineStatusSchema }),
  v.object({ type: v.literal('task'), task: TaskSchema }),
]);

export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;
export type GenerateOptions = v.InferOutput<typeof GenerateOptionsSchema>;
export type GenerationResult = v.InferOutput<typeof GenerationResultSchema>;
export type EngineStatus = v.InferOutput<typeof EngineStatusSchema>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string; id?: string };

function parse<T>(schema: v.GenericSchema<unknown, T>, data: unknown): Parsed<T> {
  const result = v.safeParse(schema, data);
  if (result.success) return { ok: true, message: result.output };
  const id = typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
  const issue = result.issues[0];
  const where = issue.path?.map((item) => String(item.key)).join('.');
  return { ok: false, error: where ? `${where}: ${issue.message}` : issue.message, id };
}

export const parseClientMessage = (data: unknown) => parse(ClientMessageSchema, data);
export const parseServerMessage = (data: unknown) => parse(ServerMessageSchema, data);
