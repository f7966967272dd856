import * as v from 'valibot';
import { CpuModelSchema } from './engine';
import { SourceRefSchema } from './source';

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Room for a long page or selection: the background summarizes it in parts. */
const MAX_QUOTE_CHARS = 2_000_000;
const Quote = v.pipe(v.string(), v.maxLength(MAX_QUOTE_CHARS));
const Question = v.pipe(v.string(), v.trim(), v.minLength(1, 'Write a question.'), v.maxLength(10_000));

/** A prompt about a text: a quick action on a selection, a page summary. */
export const PromptTaskSchema = v.object({
  kind: v.literal('prompt'),
  /** What the user asked for, shown with the answer: "Summarize", "Explain", "Summary of this page". */
  label: v.pipe(v.string(), v.maxLength(200)),
  /** The selection or page text the prompt is about, quoted in the conversation. */
  quote: Quote,
  /** The prompt with `{text}` in it, filled with the quote when it is sent. */
  template: v.pipe(v.string(), v.maxLength(10_000)),
  /** A summary: long text is summarized in parts first. */
  summary: v.boolean(),
  /** A translation into the user's language: Chrome's Translator does it where it is ready. */
  translation: v.optional(v.boolean()),
  /** Where the text came from, for the title. */
  source: v.optional(v.object({ title: v.string(), url: v.string() })),
});

/**
 * Work that starts outside a surface (a context-menu click, a keyboard command) and is handed to the
 * side panel, or to the page's answer card when the panel cannot open.
 */
export const TaskSchema = v.variant('kind', [
  PromptTaskSchema,
  v.object({ kind: v.literal('open-conversation'), conversationId: Id }),
]);

/**
 * What a surface asks the background to answer. The background builds the prompt, reads the page,
 * summarizes long text in parts, and for 'chat' writes the conversation's turns.
 */
export const TaskRequestSchema = v.variant('kind', [
  PromptTaskSchema,
  /** The user's own question about a text (the page toolbar's "Ask…"). */
  v.object({ kind: v.literal('ask-text'), question: Question, text: Quote }),
  /** The user's question about the page of the tab that asks. */
  v.object({ kind: v.literal('ask-page'), question: Question }),
  /** The next question of a stored conversation (a new one when `conversationId` is absent). */
  v.object({
    kind: v.literal('chat'),
    conversationId: v.optional(Id),
    question: v.pipe(v.string(), v.trim(), v.minLength(1, 'The message is empty.'), v.maxLength(1_000_000)),
    /** For a new conversation. */
    systemPrompt: v.optional(v.pipe(v.string(), v.maxLength(4_000))),
    /** For a new conversation: the CPU model it answers with, instead of the settings' one. */
    cpuModel: v.optional(CpuModelSchema),
    /** Ids the surface gave the question and answer turns, so it can show them before they are saved. */
    userTurnId: Id,
    answerTurnId: Id,
    /** Regenerate, edit and resend: this turn and every later one are replaced. */
    replaceFrom: v.optional(Id),
    /** The pages the question is about: tabs the background reads now, or sources already kept. */
    sources: v.optional(v.pipe(v.array(SourceRefSchema), v.maxLength(10))),
  }),
]);

export type Task = v.InferOutput<typeof TaskSchema>;
export type PromptTask = v.InferOutput<typeof PromptTaskSchema>;
export type TaskRequest = v.InferOutput<typeof TaskRequestSchema>;
