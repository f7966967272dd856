import * as v from 'valibot';
import { TaskRequestSchema } from './task';
import {
  FieldEditSchema,
  RewriteLengthSchema,
  RewriteToneSchema,
  WritingResultSchema,
  WritingToolSchema,
} from './writing';

/**
 * The page assistant's messages. Three parties: the background; the content script in the page's
 * own world, which sees what the user selects and places the frames; and the toolbar and card
 * frames, extension documents that no page can read. The content script and the frames never talk
 * to each other directly (a page could read or forge that): the background carries each message
 * and checks who sent it. Every end validates.
 */

/** The random name a content script gives one of its frames; the frame's address carries it. */
const FrameName = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));
const Pixels = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100_000));
/** Up to what a quick action takes: longer selections are summarized in parts by the background. */
const SelectionText = v.pipe(v.string(), v.minLength(1), v.maxLength(2_000_000));
const AnswerId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Paragraphs of a page to translate, each a list of text segments (one per text node). */
const Paragraphs = v.pipe(
  v.array(v.pipe(v.array(v.pipe(v.string(), v.maxLength(20_000))), v.maxLength(500))),
  v.maxLength(200),
);
/** The bar's buttons; 'use-translator' once Chrome's translator for the pair is downloaded. */
const TranslationAction = v.picklist(['stop', 'restore', 'bilingual', 'replace', 'use-translator']);

/** How a page's translation stands, as the content script reports it. */
export const TranslationProgressSchema = v.object({
  done: v.number(),
  total: v.number(),
  state: v.picklist(['translating', 'done', 'stopped', 'failed']),
  error: v.optional(v.string()),
});
export type TranslationProgress = v.InferOutput<typeof TranslationProgressSchema>;

/** What the content script may do on its page, from the settings it cannot read itself. */
export const SiteAccessSchema = v.object({ assistant: v.boolean(), toolbar: v.boolean() });
export type SiteAccess = v.InferOutput<typeof SiteAccessSchema>;

/** The background → the content script (tabs.sendMessage). */
export const ToContentSchema = v.variant('type', [
  /** The keyboard command: open the "Ask about this page" box, or close it when it is open. */
  v.object({ type: v.literal('ask-about-page') }),
  /** The page's main text, read by the content script when Chrome does not let readability in. */
  v.object({ type: v.literal('read-page') }),
  /** Open the card frame: the background has an answer for it (a toolbar button, a task). */
  v.object({ type: v.literal('open-card') }),
  /** A frame's content changed size. */
  v.object({ type: v.literal('frame-size'), frame: FrameName, width: Pixels, height: Pixels }),
  /** A frame asks to go (Close, Escape, continued in the panel). */
  v.object({ type: v.literal('close-frame'), frame: FrameName }),
  /** The settings changed: ask again what is allowed here. */
  v.object({ type: v.literal('site-access-changed') }),
  /** "Translate this page" (menu, command): start, or show the translation's bar again. */
  v.object({ type: v.literal('translate-page') }),
  /** The user's choice in the translation's bar. */
  v.object({ type: v.literal('translation-action'), action: TranslationAction }),
  /** A writing tool from the field's context menu: for the focused field. */
  v.object({ type: v.literal('writing-tool'), tool: WritingToolSchema }),
  /** What the user accepted in the card, into the field. */
  v.object({ type: v.literal('insert-text'), edit: FieldEditSchema }),
  /** A citation was clicked in the side panel: scroll to these words and highlight them. */
  v.object({ type: v.literal('show-quote'), text: v.pipe(v.string(), v.minLength(1), v.maxLength(10_000)) }),
]);

/** The content script → the background (runtime.sendMessage). */
export const FromContentSchema = v.variant('type', [
  /** Replied with a SiteAccess for the sender's own page. */
  v.object({ type: v.literal('site-access') }),
  /** The toolbar frame is shown for this selection (the background keeps the text for its buttons). */
  v.object({ type: v.literal('toolbar-frame'), frame: FrameName, text: SelectionText }),
  /** The card frame is opening: for the background's pending answer, or for "Ask about this page". */
  v.object({
    type: v.literal('card-frame'),
    frame: FrameName,
    purpose: v.picklist(['pending', 'ask-page']),
    room: Pixels,
  }),
  /** The card's frame has this much height to grow into, where it stands now. */
  v.object({ type: v.literal('card-room'), frame: FrameName, room: Pixels }),
  /**
   * A translation starts, its bar in `frame`: replied with the languages and who translates. The
   * page's own `lang` and a sample of its text help tell its language.
   */
  v.object({
    type: v.literal('translation-start'),
    frame: FrameName,
    lang: v.pipe(v.string(), v.maxLength(40)),
    sample: v.pipe(v.string(), v.maxLength(4_000)),
  }),
  /** Replied with the paragraphs translated, in the same shape. */
  v.object({ type: v.literal('translate-paragraphs'), paragraphs: Paragraphs }),
  v.object({ type: v.literal('translation-progress'), progress: TranslationProgressSchema }),
  /** A writing tool for the focused field: its text and selection; the card opens next. */
  v.object({
    type: v.literal('writing-request'),
    tool: WritingToolSchema,
    text: v.pipe(v.string(), v.maxLength(100_000)),
    start: v.pipe(v.number(), v.integer(), v.minValue(0)),
    end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
]);

/** Who translates a page, from which language into which. */
export const TranslationPlanSchema = v.object({
  source: v.optional(v.string()),
  target: v.string(),
  /** "Chrome’s translator", "llama.cpp on your CPU": the engine or API that does the work. */
  by: v.string(),
  /** Chrome can translate the pair on the device after a download that the user agrees to. */
  downloadable: v.optional(v.boolean()),
});
export type TranslationPlan = v.InferOutput<typeof TranslationPlanSchema>;

/** A quick action as the toolbar shows it. */
const ToolbarActionSchema = v.object({ id: v.pipe(v.string(), v.maxLength(100)), label: v.string() });

/** The background → a frame (its control port). */
export const ToFrameSchema = v.variant('type', [
  v.object({ type: v.literal('toolbar'), actions: v.array(ToolbarActionSchema) }),
  /** An answer for the card; `windowId` is where "Continue in side panel" opens the panel. */
  v.object({
    type: v.literal('answer'),
    title: v.string(),
    task: TaskRequestSchema,
    windowId: v.number(),
  }),
  /** A question box: about `text` (the selection) or, without it, about the page. */
  v.object({ type: v.literal('ask'), text: v.optional(SelectionText), windowId: v.number() }),
  v.object({ type: v.literal('room'), height: Pixels }),
  /** The translation's bar: how it stands. */
  v.object({ type: v.literal('translation'), plan: TranslationPlanSchema, progress: TranslationProgressSchema }),
  /** A writing tool for the field's text; [start, end) is what was selected in it. */
  v.object({
    type: v.literal('writing'),
    tool: WritingToolSchema,
    text: v.string(),
    start: v.number(),
    end: v.number(),
    windowId: v.number(),
  }),
  /** The outcome of a request the frame made (`id`): a notice to show, or an error; a tool's result. */
  v.object({
    type: v.literal('reply'),
    id: v.number(),
    ok: v.boolean(),
    text: v.optional(v.string()),
    result: v.optional(WritingResultSchema),
  }),
]);

/** A frame → the background (its control port). */
export const FromFrameSchema = v.variant('type', [
  v.object({ type: v.literal('size'), width: Pixels, height: Pixels }),
  v.object({ type: v.literal('close') }),
  /** Toolbar: a quick action's button, or "Ask…". */
  v.object({ type: v.literal('action'), actionId: v.pipe(v.string(), v.maxLength(100)) }),
  v.object({ type: v.literal('ask-selection') }),
  /** Card: requests the background replies to. */
  v.object({ type: v.literal('block-site'), id: v.number() }),
  v.object({ type: v.literal('hide-toolbar'), id: v.number() }),
  /** Card: a writing tool's request, Stop for it, and an edit the user accepted. */
  v.object({
    type: v.literal('writing-run'),
    id: v.number(),
    tool: WritingToolSchema,
    text: v.pipe(v.string(), v.maxLength(100_000)),
    instruction: v.optional(v.pipe(v.string(), v.maxLength(2_000))),
    tone: v.optional(RewriteToneSchema),
    length: v.optional(RewriteLengthSchema),
  }),
  v.object({ type: v.literal('writing-stop') }),
  v.object({ type: v.literal('writing-insert'), id: v.number(), edit: FieldEditSchema }),
  /** Translation bar: Stop, Show original, side by side or in place. */
  v.object({ type: v.literal('translation-action'), action: TranslationAction }),
  /** "Continue in side panel": the answer the background recorded moves to the panel. */
  v.object({
    type: v.literal('continue-in-panel'),
    id: v.number(),
    answerId: AnswerId,
    /** How much of a stopped answer the card showed: the panel gets that, not what was still in flight. */
    shownChars: v.pipe(v.number(), v.integer(), v.minValue(0)),
    panelOpened: v.boolean(),
  }),
]);

export type ToContent = v.InferOutput<typeof ToContentSchema>;
export type FromContent = v.InferOutput<typeof FromContentSchema>;
export type ToFrame = v.InferOutput<typeof ToFrameSchema>;
export type FromFrame = v.InferOutput<typeof FromFrameSchema>;

/** The frames' control port; the stream port (PORT_NAME) carries the card's answers. */
export const FRAME_PORT_NAME = 'inkling-frame';
/** The frames' documents (web-accessible, dynamic address), named by kind. */
export const FRAME_PAGES = {
  toolbar: '/page-toolbar.html',
  card: '/page-card.html',
  translation: '/page-translation.html',
} as const;
export type FrameKind = keyof typeof FRAME_PAGES;

export const PageTextSchema = v.object({ title: v.string(), url: v.string(), text: v.string() });
export type PageText = v.InferOutput<typeof PageTextSchema>;

/** The background's answer to a FromContent message. */
export type Reply<T = undefined> = { ok: true; value: T } | { ok: false; error: string };
