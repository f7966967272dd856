import * as v from 'valibot';

const SourceId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** A page (or other text) a conversation is about, as the conversation names it. */
export const SourceInfoSchema = v.object({
  id: SourceId,
  title: v.pipe(v.string(), v.maxLength(1_000)),
  url: v.pipe(v.string(), v.maxLength(10_000)),
  /** When its text was read, in milliseconds since the epoch. */
  readAt: v.number(),
});

/** How much of a source one question was answered from: `read` of its `of` passages. */
export const PassageCountSchema = v.object({
  read: v.pipe(v.number(), v.integer(), v.minValue(0)),
  of: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Chosen by closeness in meaning (an embedding model's) as well as by the question's words. */
  byMeaning: v.optional(v.literal(true)),
});

/** A source one question used; `passages` when only some of it fitted. */
export const TurnSourceSchema = v.object({ id: SourceId, passages: v.optional(PassageCountSchema) });

/** What a question is to be about: an open tab to read now, or a source the conversation keeps. */
export const SourceRefSchema = v.variant('from', [
  v.object({ from: v.literal('tab'), tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ from: v.literal('stored'), id: SourceId }),
]);

/** A source as a question used it: named for the panel, with how much of it was read. */
export const UsedSourceSchema = v.object({ ...SourceInfoSchema.entries, ...TurnSourceSchema.entries });

export type SourceInfo = v.InferOutput<typeof SourceInfoSchema>;
export type PassageCount = v.InferOutput<typeof PassageCountSchema>;
export type TurnSource = v.InferOutput<typeof TurnSourceSchema>;
export type SourceRef = v.InferOutput<typeof SourceRefSchema>;
export type UsedSource = v.InferOutput<typeof UsedSourceSchema>;
/** A source with its text, stored once per conversation. */
export type Source = SourceInfo & { text: string };

/**
 * A quote from an answer, checked against its sources: `found` ones are numbered citations with the
 * source's own words; the others are shown as "not found in the page", never as fact.
 */
export const CitationSchema = v.object({
  text: v.pipe(v.string(), v.maxLength(10_000)),
  found: v.boolean(),
  sourceId: v.optional(SourceId),
  /** For a PDF: the page the words are on. */
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type Citation = v.InferOutput<typeof CitationSchema>;

/** A citation to show in its page: the conversation's source, by id, and the words to find there. */
export const QuoteToShowSchema = v.object({
  conversationId: SourceId,
  sourceId: SourceId,
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)),
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type QuoteToShow = v.InferOutput<typeof QuoteToShowSchema>;
