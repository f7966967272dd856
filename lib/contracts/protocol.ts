import * as v from 'valibot';
import {
  ChatMessageSchema,
  EngineIdSchema,
  EngineStatusSchema,
  MAX_MESSAGE_CHARS,
  SamplingOptionsSchema,
} from './engine';
import { ErrorEnvelopeSchema } from './errors';
import { GenerationResultSchema } from './result';
import { QuoteToShowSchema, UsedSourceSchema } from './source';
import { TaskRequestSchema, TaskSchema } from './task';

/**
 * The messages between a surface (side panel, page, options) and the background, over one
 * long-lived runtime port per surface. Several requests share a port, told apart by `id`.
 * Both ends validate what they receive: a port carries whatever the other side sends.
 */
export const PORT_NAME = 'inkling';

const MAX_MESSAGES = 1_000;

const RequestId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const ConversationId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

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
  ...SamplingOptionsSchema.entries,
  /** How long the background may gather deltas before sending them; 0 sends each one. */
  deltaIntervalMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(250))),
});

/** What a surface hears once a task's prompt is ready. */
export const PreparedSchema = v.object({
  question: v.string(),
  title: v.string(),
  conversationId: v.optional(ConversationId),
  /** For a page's card: names the answer that "Continue in side panel" carries over. */
  answerId: v.optional(v.pipe(v.string(), v.maxLength(100))),
  /** The sources the question was answered from, as the conversation keeps them. */
  sources: v.optional(v.array(UsedSourceSchema)),
});
export type Prepared = v.InferOutput<typeof PreparedSchema>;

export const ClientMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('start'),
    id: RequestId,
    messages: ConversationSchema,
    conversationId: v.optional(ConversationId),
    options: GenerateOptionsSchema,
    /** For a plain summary: the text alone, which Chrome's Summarizer API takes where it is ready. */
    summaryOf: v.optional(v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS))),
  }),
  /** A task the background prepares and answers: prompts, the page, summaries in parts, conversations. */
  v.object({ type: v.literal('run'), id: RequestId, task: TaskRequestSchema, options: GenerateOptionsSchema }),
  /** Follows the answer the background is writing into a conversation on its own; cancel stops following. */
  v.object({ type: v.literal('watch'), id: RequestId, conversationId: ConversationId }),
  /** Stop, for an answer the background is writing on its own. */
  v.object({ type: v.literal('stop-answer'), conversationId: ConversationId }),
  v.object({ type: v.literal('cancel'), id: RequestId }),
  /** Asks for an 'engine-status' reply; `refresh` asks the engines again instead of the cache. */
  v.object({ type: v.literal('status'), refresh: v.boolean() }),
  /** Starts the active engine's download or load (the user's consent); 'cancel-prepare' stops it. */
  v.object({ type: v.literal('prepare'), engine: v.optional(EngineIdSchema) }),
  v.object({ type: v.literal('cancel-prepare') }),
  /** A citation was clicked: show its words in the page of the conversation's source. */
  v.object({ type: v.literal('show-quote'), ...QuoteToShowSchema.entries }),
  /** A side panel says it is open in this window and takes tasks (context menu, commands). */
  v.object({ type: v.literal('panel-ready'), windowId: v.pipe(v.number(), v.integer()) }),
]);

export const ServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('delta'), id: RequestId, text: v.string() }),
  /** A line for the user while a task's answer is prepared: "Summarizing part 3 of 7…". */
  v.object({ type: v.literal('progress'), id: RequestId, text: v.string() }),
  /** A task's prompt is ready, or its question stored (then `conversationId` names the conversation). */
  v.object({ type: v.literal('prepared'), id: RequestId, ...PreparedSchema.entries }),
  v.object({ type: v.literal('done'), id: RequestId, result: GenerationResultSchema }),
  /** An error without `id` concerns the port or the engine rather than one request. */
  v.object({ type: v.literal('error'), id: v.optional(v.string()), ...ErrorEnvelopeSchema.entries }),
  v.object({ type: v.literal('engine-status'), status: EngineStatusSchema }),
  v.object({ type: v.literal('task'), task: TaskSchema }),
]);

export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>;
export type GenerateOptions = v.InferOutput<typeof GenerateOptionsSchema>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string; id?: string };

/** Validates one message off a port; a refusal says which field is wrong and keeps the request id. */
export function parseMessage<T>(schema: v.GenericSchema<unknown, T>, data: unknown): Parsed<T> {
  const result = v.safeParse(schema, data);
  if (result.success) return { ok: true, message: result.output };
  const id =
    typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
  const issue = result.issues[0];
  const where = issue.path?.map((item) => String(item.key)).join('.');
  return { ok: false, error: where ? `${where}: ${issue.message}` : issue.message, id };
}

export const parseClientMessage = (data: unknown) => parseMessage(ClientMessageSchema, data);
export const parseServerMessage = (data: unknown) => parseMessage(ServerMessageSchema, data);
