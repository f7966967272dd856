import * as v from 'valibot';
import { EngineIdSchema, FinishReasonSchema } from './engine';
import { CitationSchema } from './source';

/** One finished answer: its text, who wrote it, how it ended and how fast it came. */
export const GenerationResultSchema = v.object({
  text: v.string(),
  engine: EngineIdSchema,
  engineLabel: v.string(),
  model: v.string(),
  finishReason: FinishReasonSchema,
  inputTokens: v.optional(v.number()),
  /** Of the input tokens, those the engine read; the rest came from its cache of the conversation. */
  inputTokensRead: v.optional(v.number()),
  tokensUsed: v.number(),
  /** True when the engine gave no count and `tokensUsed` is estimated from the text. */
  tokensEstimated: v.boolean(),
  /** From the request's arrival in the background to the engine's first delta: the bench's figure. */
  timeToFirstTokenMs: v.optional(v.number()),
  /** From the surface's call to the first delta arriving there: what the user waits through. */
  clientTimeToFirstTokenMs: v.optional(v.number()),
  latencyMs: v.number(),
  tokensPerSecond: v.number(),
  notice: v.optional(v.string()),
  /** The quotes of an answer about pages, each checked against the page's text. */
  citations: v.optional(v.pipe(v.array(CitationSchema), v.maxLength(50))),
});
export type GenerationResult = v.InferOutput<typeof GenerationResultSchema>;
