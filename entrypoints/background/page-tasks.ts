import type { ConversationWriter } from '@/lib/chat/conversation-writer';
import type { PageAnswers } from '@/lib/tasks/page-answers';
import { FromContentSchema, type Reply, type ToContent } from '@/lib/contracts/page';
import { pageText } from './page-text';
import type { Settings } from '@/lib/settings/settings';
import { quickActionTask } from '@/lib/tasks/fill-prompt';
import { actionIdOf, isSummarizePage, menuItems } from '@/lib/tasks/menu';
import type { TaskRouter } from '@/lib/tasks/task-router';
import * as v from 'valibot';

interface PageTaskOptions {
  router: TaskRouter;
  settings: () => Promise<Settings>;
  writer: ConversationWriter;
  pageAnswers: PageAnswers;
}

const SUMMARY_TEMPLATE = 'Summarize the following text in a few short bullet points.\n\n{text}';

/**
 * Context-menu items, keyboard commands and the content script's requests. Each opens the side
 * panel first thing in the listener: Chrome allows `sidePanel.open()` only in the user's gesture,
 * which ends at the first `await`.
 */
export function registerPageTasks({ router, settings, writer, pageAnswers }: PageTaskOptions) {
  const openPanel = (windowId: number) => browser.sidePanel.open({ windowId });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!tab?.id || tab.windowId === undefined) return;
    const target = { windowId: tab.windowId, tabId: tab.id };
    const opening = openPanel(tab.windowId);
    const actionId = actionIdOf(info.menuItemId);
    if (actionId !== undefined && info.selectionText) {
      void settings().then((current) => {
        const action = current.quickActions.find((candidate) => candidate.id === actionId);
        if (!action) return;
        router.dispatch(quickActionTask(action, info.selectionText!), target, opening);
      });
    } else if (isSummarizePage(info.menuItemId)) {
      void summarizePage(tab.id, target, opening);
    }
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (!tab?.id || tab.windowId === undefined) return;
    if (command === 'summarize-page') {
      void summarizePage(tab.id, { windowId: tab.windowId, tabId: tab.id }, openPanel(tab.windowId));
    } else if (command === 'ask-about-page') {
      void browser.tabs.sendMessage(tab.id, { type: 'ask-about-page' } satisfies ToContent).catch(() => {});
    }
  });

  async function summarizePage(tabId: number, target: { windowId: number; tabId: number }, opening: Promise<unknown>) {
    try {
      const page = await pageText(tabId);
      router.dispatch(
        {
          kind: 'prompt',
          label: 'Summary of this page',
          quote: page.text,
          template: SUMMARY_TEMPLATE,
          summary: true,
          source: { title: page.title, url: page.url },
        },
        target,
        opening,
      );
    } catch (error) {
      console.error('Inkling could not read the page', error);
    }
  }

  browser.runtime.onMessage.addListener((data: unknown, sender, sendResponse: (reply: Reply<unknown>) => void) => {
    const parsed = v.safeParse(FromContentSchema, data);
    if (!parsed.success || !sender.tab?.id || sender.id !== browser.runtime.id) return false;
    const { tab } = sender;
    const message = parsed.output;
    // "Continue in side panel": the panel opens now (in the click's gesture, when Chrome passes it on).
    const opening = openPanel(tab.windowId);
    const continued = pageAnswers.turns(tab.id!, message.answerId);
    reply(
      (async () => {
        if (!continued) throw new Error('This answer is no longer kept. Ask again, then continue in the side panel.');
        const conversationId = await writer.saveConversation(continued, continued.turns);
        router.dispatch({ kind: 'open-conversation', conversationId }, { windowId: tab.windowId }, opening);
        await opening.catch(() => {
          throw new Error(
            'The conversation is saved: open the side panel with the Inkling icon and find it under Conversations.',
          );
        });
      })(),
      sendResponse,
    );
    return true;
  });

  // One rebuild at a time: two interleaved would create the same ids twice.
  let rebuilding = Promise.resolve();
  const rebuildMenus = (current: Settings) =>
    (rebuilding = rebuilding.then(async () => {
      await browser.contextMenus.removeAll();
      for (const item of menuItems(current)) {
        browser.contextMenus.create(item, () => {
          if (browser.runtime.lastError) console.error('Inkling menu item', item.id, browser.runtime.lastError.message);
        });
      }
    }));
  return { rebuildMenus };
}

function reply<T>(work: Promise<T>, sendResponse: (reply: Reply<unknown>) => void) {
  work.then(
    (value) => sendResponse({ ok: true, value }),
    (error: unknown) => sendResponse({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
}
