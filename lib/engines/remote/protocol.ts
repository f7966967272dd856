import * as v from 'valibot';
import { ERROR_CODES } from '../../contracts/errors';
import { SettingsSchema } from '../../settings/settings';
import {
  AvailabilitySchema,
  ChatMessageSchema,
  EngineFinishSchema,
  HostedEngineIdSchema,
  PrepareProgressSchema,
  SamplingOptionsSchema,
} from '../../contracts/engine';

/**
 * Between the background and the offscreen document that hosts the WebLLM and CPU engines (a
 * service worker can create neither Workers nor keep a model loaded through its restarts). The
 * offscreen document connects to the background; each engine method is a call told apart by `call`.
 */
export const HOST_PORT_NAME = 'inkling-engine-host';

const Call = v.pipe(v.number(), v.integer());

const RequestSchema = v.object({
  messages: v.array(ChatMessageSchema),
  conversationId: v.optional(v.string()),
  options: SamplingOptionsSchema,
});

export const ToHostSchema = v.variant('type', [
  v.object({ type: v.literal('configure'), settings: SettingsSchema }),
  v.object({ type: v.literal('availability'), call: Call, engine: HostedEngineIdSchema }),
  v.object({ type: v.literal('prepare'), call: Call, engine: HostedEngineIdSchema }),
  v.object({ type: v.literal('stream'), call: Call, engine: HostedEngineIdSchema, request: RequestSchema }),
  v.object({ type: v.literal('abort'), call: Call }),
]);

export const FromHostSchema = v.variant('type', [
  v.object({ type: v.literal('progress'), call: Call, progress: PrepareProgressSchema }),
  v.object({ type: v.literal('delta'), call: Call, text: v.string() }),
  v.object({ type: v.literal('availability'), call: Call, availability: AvailabilitySchema, model: v.string() }),
  v.object({ type: v.literal('prepared'), call: Call }),
  v.object({ type: v.literal('finish'), call: Call, finish: EngineFinishSchema }),
  v.object({ type: v.literal('error'), call: Call, name: v.string(), code: v.optional(v.picklist(ERROR_CODES)), message: v.string() }),
  /** Nothing ran for the idle time the settings give: the background may close the document. */
  v.object({ type: v.literal('idle') }),
]);

export type ToHost = v.InferOutput<typeof ToHostSchema>;
export type FromHost = v.InferOutput<typeof FromHostSchema>;
