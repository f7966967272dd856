import * as v from 'valibot';
import type { ConversationWriter } from '@/lib/chat/conversation-writer';
import { FromContentSchema, type Reply, type ToContent } from '@/lib/contracts/page';
import { createFrameRelay, type FrameRelayDeps } from '@/lib/page-relay/frame-relay';
import type { Settings } from '@/lib/settings/settings';
import { saveSettings } from '@/lib/settings/settings-item';
import type { PageAnswers } from '@/lib/tasks/page-answers';
import type { TaskRouter } from '@/lib/tasks/task-router';

interface PageFrameOptions {
  router: TaskRouter;
  translation: FrameRelayDeps['translation'];
  writing: FrameRelayDeps['writing'];
  settings: () => Promise<Settings>;
  writer: ConversationWriter;
  pageAnswers: PageAnswers;
}

const sendToTab = (tabId: number, message: ToContent) => browser.tabs.sendMessage(tabId, message, { frameId: 0 });

/**
 * The page assistant's wiring: content scripts' messages (from a page's top frame only), the
 * frames' control ports, and "Continue in side panel", which the background writes from its own
 * record of the card's answer.
 */
export function registerPageFrames({ router, settings, writer, pageAnswers, translation, writing }: PageFrameOptions) {
  const extensionOrigin = browser.runtime.getURL('/');
  const relay = createFrameRelay({
    settings,
    saveSettings,
    sendToTab,
    translation,
    writing,
    extensionOrigin,
    async continueInPanel({ tabId, windowId, answerId, shownChars, panelOpened }) {
      const continued = pageAnswers.turns(tabId, answerId, shownChars);
      if (!continued) throw new Error('This answer is no longer kept. Ask again, then continue in the side panel.');
      const conversationId = await writer.saveConversation(continued, continued.turns);
      const opening = panelOpened ? Promise.resolve() : Promise.reject(new Error('The side panel did not open.'));
      opening.catch(() => {});
      router.dispatch({ kind: 'open-conversation', conversationId }, { windowId }, opening);
      if (!panelOpened) {
        throw new Error(
          'The conversation is saved: open the side panel with the Inkling icon and find it under Conversations.',
        );
      }
    },
  });

  browser.runtime.onMessage.addListener((data: unknown, sender, sendResponse: (reply: Reply<unknown>) => void) => {
    const { tab } = sender;
    // A content script: this extension's, in a tab's top frame, on a page that is not ours.
    const fromContent =
      sender.id === browser.runtime.id &&
      tab?.id !== undefined &&
      sender.frameId === 0 &&
      sender.url !== undefined &&
      !sender.url.startsWith(extensionOrigin);
    const parsed = v.safeParse(FromContentSchema, data);
    if (!fromContent || !parsed.success) return false;
    relay
      .fromContent(parsed.output, { tabId: tab.id!, windowId: tab.windowId, url: sender.url! })
      .then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
    return true;
  });
  browser.tabs.onRemoved.addListener((tabId) => relay.forget(tabId));

  return {
    relay,
    /** Every tab's content script asks again what it may show (the settings changed). */
    async settingsChanged() {
      const tabs = await browser.tabs.query({});
      for (const { id } of tabs) {
        if (id !== undefined) sendToTab(id, { type: 'site-access-changed' }).catch(() => {});
      }
    },
  };
}
