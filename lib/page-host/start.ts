import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { FRAME_PAGES, ToContentSchema, type PageText, type Reply } from '../contracts/page';
import { mainText } from '../page-text/main-text';
import { createPageHost } from './page-host';
import { toReply } from './reply';
import { showQuote } from './show-quote';

/** 32 hex digits from the browser's random source (`randomUUID` is missing on http pages). */
function newName(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The content script with the real browser behind it. It takes messages from this extension's
 * background only (a page cannot send them). Returns what stops it all.
 */
export function startPageHost(): () => void {
  const host = createPageHost({
    doc: document,
    send: (message) => toReply(browser.runtime.sendMessage(message)),
    frameUrl: (kind, name) => `${browser.runtime.getURL(FRAME_PAGES[kind])}#${name}`,
    newName,
  });

  const onMessage = (data: unknown, sender: { id?: string }, sendResponse: (reply?: unknown) => void): boolean => {
    if (sender.id !== browser.runtime.id) return false;
    const parsed = v.safeParse(ToContentSchema, data);
    if (!parsed.success) return false;
    // Reading the page for the side panel works whether or not the page assistant is on here.
    if (parsed.output.type === 'read-page') {
      sendResponse({ ok: true, value: mainText(document) } satisfies Reply<PageText>);
      return false;
    }
    if (parsed.output.type === 'show-quote') {
      const shown = showQuote(document, parsed.output.text);
      sendResponse((shown ? { ok: true, value: undefined } : { ok: false, error: 'not found' }) satisfies Reply);
      return false;
    }
    const reply = host.receive(parsed.output);
    if (!reply) return false;
    void reply.then((value) => sendResponse(value));
    return true;
  };
  browser.runtime.onMessage.addListener(onMessage);

  return () => {
    browser.runtime.onMessage.removeListener(onMessage);
    host.destroy();
  };
}
