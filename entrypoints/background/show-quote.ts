import type { Browser } from 'wxt/browser';
import type { ConversationStore } from '@/lib/chat/store';
import { InklingError } from '@/lib/contracts/errors';
import type { Reply, ToContent } from '@/lib/contracts/page';
import type { QuoteToShow } from '@/lib/contracts/source';

type Tab = Browser.tabs.Tab;

const withoutHash = (url: string) => url.split('#')[0];

/** A new tab of `url`, once its page has loaded (and its content script runs). */
async function openTab(url: string): Promise<Tab> {
  const tab = await browser.tabs.create({ url, active: true });
  await new Promise<void>((resolve) => {
    const onUpdated = (tabId: number, change: { status?: string }) => {
      if (tabId !== tab.id || change.status !== 'complete') return;
      browser.tabs.onUpdated.removeListener(onUpdated);
      resolve();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
  });
  return tab;
}

/**
 * A citation clicked in the side panel: its page's tab comes to the front (opened again if it was
 * closed) and the content script scrolls to the quoted words and highlights them.
 */
export function createQuoteShower(store: () => Promise<ConversationStore>) {
  return async ({ conversationId, sourceId, text, page }: QuoteToShow) => {
    const conversation = await (await store()).get(conversationId);
    const source = conversation?.sources?.find((candidate) => candidate.id === sourceId);
    if (!source) throw new InklingError('not-found', 'This page is no longer kept with the conversation.');
    const open = (await browser.tabs.query({})).find(
      (tab) => tab.url && withoutHash(tab.url) === withoutHash(source.url),
    );
    const tab = open ?? (await openTab(source.url));
    // Chrome's PDF viewer runs no script of Inkling's, but opens the page an address names.
    const pdfPage = page && { url: `${withoutHash(source.url)}#page=${page}` };
    await browser.tabs.update(tab.id!, { active: true, ...pdfPage });
    await browser.windows.update(tab.windowId, { focused: true });
    if (pdfPage) return;
    const reply = (await browser.tabs
      .sendMessage(tab.id!, { type: 'show-quote', text } satisfies ToContent, { frameId: 0 })
      .catch(() => undefined)) as Reply | undefined;
    if (!reply?.ok) throw new InklingError('not-found', 'These words are no longer in the page as it shows now.');
  };
}
