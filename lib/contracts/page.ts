import * as v from 'valibot';
import { TaskRequestSchema } from './task';

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
]);

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
  /** The outcome of a request the frame made (`id`): a notice to show, or an error. */
  v.object({ type: v.literal('reply'), id: v.number(), ok: v.boolean(), text: v.optional(v.string()) }),
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
export const FRAME_PAGES = { toolbar: '/page-toolbar.html', card: '/page-card.html' } as const;
export type FrameKind = keyof typeof FRAME_PAGES;

export const PageTextSchema = v.object({ title: v.string(), url: v.string(), text: v.string() });
export type PageText = v.InferOutput<typeof PageTextSchema>;

/** The background's answer to a FromContent message. */
export type Reply<T = undefined> = { ok: true; value: T } | { ok: false; error: string };
