import { browser } from 'wxt/browser';
import { loadSettings, saveSettings, watchSettings } from '../settings/settings-item';
import { inkling } from '../stream/runtime-client';
import { createPageAssistant } from './assistant';
import { mainText } from '../page-text/main-text';
import type { FromContent, PageText, Reply } from '../contracts/page';
import { PAGE_ASSISTANT_CSS } from './styles';

/**
 * The page assistant with the real browser behind it: the stream client, the stored settings, and
 * the background's messages (only from this extension; a page cannot send them). Returns what stops
 * it all.
 */
export function startPageAssistant(): () => void {
  const assistant = createPageAssistant({
    doc: document,
    hostname: location.hostname,
    css: PAGE_ASSISTANT_CSS,
    settings: { load: loadSettings, save: saveSettings, watch: watchSettings },
    run: inkling.runTask,
    sendMessage: (message: FromContent) => browser.runtime.sendMessage(message),
  });

  const onMessage = (data: unknown, sender: { id?: string }, sendResponse: (reply?: unknown) => void): boolean => {
    if (sender.id !== browser.runtime.id) return false;
    // Reading the page for the side panel works whether or not the page assistant is shown here.
    if ((data as { type?: unknown } | undefined)?.type === 'read-page') {
      sendResponse({ ok: true, value: mainText(document) } satisfies Reply<PageText>);
      return false;
    }
    const reply = assistant.receive(data);
    if (!reply) return false;
    // Off here (disabled, blocked site): the reply carries nothing.
    void reply.then((value) => sendResponse(value));
    return true;
  };
  browser.runtime.onMessage.addListener(onMessage);

  return () => {
    browser.runtime.onMessage.removeListener(onMessage);
    assistant.destroy();
  };
}
