import * as v from 'valibot';
import { ErrorEnvelopeSchema } from '../../contracts/errors';
import { PageTextSchema } from '../../contracts/page';
import type { EventsOf } from '../../rpc/server';
import { SettingsSchema } from '../../settings/settings';
import {
  AvailabilitySchema,
  ChatMessageSchema,
  ContextInfoSchema,
  CpuModelSchema,
  EngineFinishSchema,
  HostedEngineIdSchema,
  PrepareProgressSchema,
  SamplingOptionsSchema,
} from '../../contracts/engine';

/**
 * Between the background and the offscreen document that hosts the WebLLM and CPU engines (a
 * service worker can create neither Workers nor keep a model loaded through its restarts). The
 * offscreen document connects to the background and serves each engine method as a request of
 * lib/rpc: its events, then one `done` or `error`.
 */
export const HOST_PORT_NAME = 'inkling-engine-host';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

const StreamRequestSchema = v.object({
  messages: v.array(ChatMessageSchema),
  conversationId: v.optional(v.string()),
  options: SamplingOptionsSchema,
  modelChoice: v.optional(CpuModelSchema),
  /** An answer that quotes its sources: the engine constrains it to the quoted-answer JSON schema. */
  quoted: v.optional(v.boolean()),
  /** How long the host gathers deltas into one message; 0 sends each one. */
  deltaIntervalMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(250))),
});

export const ToHostSchema = v.variant('type', [
  v.object({ type: v.literal('configure'), settings: SettingsSchema }),
  v.object({ type: v.literal('availability'), id: Id, engine: HostedEngineIdSchema }),
  v.object({ type: v.literal('prepare'), id: Id, engine: HostedEngineIdSchema }),
  v.object({ type: v.literal('stream'), id: Id, engine: HostedEngineIdSchema, request: StreamRequestSchema }),
  v.object({ type: v.literal('cancel'), id: Id }),
  /** A PDF's text, read with pdfjs-dist here (it needs a page, and its worker), from its address. */
  v.object({ type: v.literal('read-pdf'), id: Id, url: v.pipe(v.string(), v.url(), v.maxLength(10_000)) }),
]);

export const FromHostSchema = v.variant('type', [
  v.object({ type: v.literal('progress'), id: Id, progress: PrepareProgressSchema }),
  v.object({ type: v.literal('delta'), id: Id, text: v.string() }),
  /** Its result is checked against HOST_RESULTS, by the kind of request it ends. */
  v.object({ type: v.literal('done'), id: Id, result: v.unknown() }),
  v.object({ type: v.literal('error'), id: v.optional(Id), ...ErrorEnvelopeSchema.entries }),
  /** Nothing ran for the idle time the settings give: the background may close the document. */
  v.object({ type: v.literal('idle') }),
]);

/** What the `done` of each kind of request carries. */
export const HOST_RESULTS = {
  availability: v.object({
    availability: AvailabilitySchema,
    model: v.string(),
    modelSource: v.optional(v.string()),
    context: ContextInfoSchema,
  }),
  prepare: v.object({ context: ContextInfoSchema }),
  /** The context as the answer left it: a model learns its tokenizer from a long prompt. */
  stream: v.object({ finish: EngineFinishSchema, context: ContextInfoSchema }),
  'read-pdf': PageTextSchema,
};

export type ToHost = v.InferOutput<typeof ToHostSchema>;
export type FromHost = v.InferOutput<typeof FromHostSchema>;
export type HostRequestType = keyof typeof HOST_RESULTS;
export type HostResult<T extends HostRequestType> = v.InferOutput<(typeof HOST_RESULTS)[T]>;
export type HostEvent = EventsOf<FromHost>;
