import * as v from 'valibot';
import { TaskSchema } from './task';

/**
 * One-off messages between the background and the content script (streams go over the port
 * protocol in lib/stream). Both ends validate: a page cannot send these, but a stale or other
 * extension version could.
 */
export const ToContentSchema = v.variant('type', [
  /** The keyboard command: open the "Ask about this page" box. */
  v.object({ type: v.literal('ask-about-page') }),
  /** The side panel could not open: answer in the page's card instead. */
  v.object({ type: v.literal('run-task'), task: TaskSchema }),
  /** The page's main text, read by the content script when Chrome does not let readability in. */
  v.object({ type: v.literal('read-page') }),
]);

export const FromContentSchema = v.variant('type', [
  /** "Continue in side panel": the card's answer (recorded by the background) moves to the panel. */
  v.object({ type: v.literal('continue-in-panel'), answerId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
]);

export type ToContent = v.InferOutput<typeof ToContentSchema>;
export type FromContent = v.InferOutput<typeof FromContentSchema>;

export const PageTextSchema = v.object({ title: v.string(), url: v.string(), text: v.string() });
export type PageText = v.InferOutput<typeof PageTextSchema>;

/** The background's answer to a FromContent message. */
export type Reply<T = undefined> = { ok: true; value: T } | { ok: false; error: string };
