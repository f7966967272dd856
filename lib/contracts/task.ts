import * as v from 'valibot';

/**
 * Work that starts outside a surface (a context-menu click, a keyboard command) and is handed to the
 * side panel, or to the page's answer card when the panel cannot open.
 */
export const TaskSchema = v.variant('kind', [
  v.object({
    kind: v.literal('prompt'),
    /** What the user asked for, shown with the answer: "Summarize", "Explain", "Summary of this page". */
    label: v.pipe(v.string(), v.maxLength(200)),
    /** The selection or page text the prompt is about, quoted in the conversation. */
    quote: v.pipe(v.string(), v.maxLength(2_000_000)),
    /** The prompt with `{text}` in it, filled with the quote when it is sent. */
    template: v.pipe(v.string(), v.maxLength(10_000)),
    /** A summary: long text is summarized in parts first. */
    summary: v.boolean(),
    /** Where the text came from, for the title. */
    source: v.optional(v.object({ title: v.string(), url: v.string() })),
  }),
  v.object({ kind: v.literal('open-conversation'), conversationId: v.pipe(v.string(), v.maxLength(100)) }),
]);

export type Task = v.InferOutput<typeof TaskSchema>;
export type PromptTask = Extract<Task, { kind: 'prompt' }>;
