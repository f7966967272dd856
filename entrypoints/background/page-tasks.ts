import { openSidePanel } from '@/lib/browser/side-panel';
import type { ToContent } from '@/lib/contracts/page';
import { pageText } from './page-text';
import type { Settings } from '@/lib/settings/settings';
import { quickActionTask } from '@/lib/tasks/fill-prompt';
import { actionIdOf, isSummarizePage, isTranslatePage, menuItems, writingToolOf } from '@/lib/tasks/menu';
import type { TaskRouter } from '@/lib/tasks/task-router';

interface PageTaskOptions {
  router: TaskRouter;
  settings: () => Promise<Settings>;
}

const SUMMARY_TEMPLATE = 'Summarize the following text in a few short bullet points.\n\n{text}';

/**
 * Context-menu items and keyboard commands. Each opens the side
 * panel first thing in the listener: Chrome allows `sidePanel.open()` only in the user's gesture,
 * which ends at the first `await`.
 */
export function registerPageTasks({ router, settings }: PageTaskOptions) {
  const openPanel = openSidePanel;

  const translatePage = (tabId: number) =>
    void browser.tabs.sendMessage(tabId, { type: 'translate-page' } satisfies ToContent).catch(() => {});

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!tab?.id || tab.windowId === undefined) return;
    // Translated, and written, in the page itself: the side panel stays as it is.
    if (isTranslatePage(info.menuItemId)) return translatePage(tab.id);
    const tool = writingToolOf(info.menuItemId);
    if (tool) {
      const message = { type: 'writing-tool', tool } satisfies ToContent;
      return void browser.tabs.sendMessage(tab.id, message, { frameId: 0 }).catch(() => {});
    }
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
    } else if (command === 'translate-page') {
      translatePage(tab.id);
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
