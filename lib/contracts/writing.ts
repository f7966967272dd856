import * as v from 'valibot';

/** The writing tools in a text field. */
export const WRITING_TOOLS = ['proofread', 'rewrite', 'write'] as const;
export const WritingToolSchema = v.picklist(WRITING_TOOLS);
export type WritingTool = v.InferOutput<typeof WritingToolSchema>;

/** The Rewriter API's own choices (@types/dom-chromium-ai), which the engine's prompt follows too. */
export const RewriteToneSchema = v.picklist(['as-is', 'more-formal', 'more-casual']);
export const RewriteLengthSchema = v.picklist(['as-is', 'shorter', 'longer']);

const FieldText = v.pipe(v.string(), v.maxLength(100_000));

/** One correction of a proofread text: the characters [start, end) become `replacement`. */
export const CorrectionSchema = v.object({
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  replacement: v.string(),
  /** "spelling", "grammar"…, where the Proofreader API says. */
  types: v.optional(v.array(v.string())),
  explanation: v.optional(v.string()),
});
export type Correction = v.InferOutput<typeof CorrectionSchema>;

/** What a writing tool asks the background: the field's text, and what to do with it. */
export const WritingRequestSchema = v.object({
  tool: WritingToolSchema,
  text: FieldText,
  /** For 'write': what to write. */
  instruction: v.optional(v.pipe(v.string(), v.maxLength(2_000))),
  tone: v.optional(RewriteToneSchema),
  length: v.optional(RewriteLengthSchema),
});
export type WritingRequest = v.InferOutput<typeof WritingRequestSchema>;

/** The tool's answer: the new text (proofread: the whole corrected text), and who wrote it. */
export const WritingResultSchema = v.object({
  text: v.string(),
  corrections: v.optional(v.array(CorrectionSchema)),
  by: v.string(),
});
export type WritingResult = v.InferOutput<typeof WritingResultSchema>;

/** A change to make in the field: [start, end) of its text, which must still read `expected`. */
export const FieldEditSchema = v.object({
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  expected: FieldText,
  text: FieldText,
});
export type FieldEdit = v.InferOutput<typeof FieldEditSchema>;
