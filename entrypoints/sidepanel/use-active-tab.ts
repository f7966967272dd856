import { useEffect } from 'preact/hooks';
import type { Browser } from 'wxt/browser';
import type { OpenTab } from '@/lib/panel/page-context';

type Tab = Browser.tabs.Tab;

const toOpenTab = (tab: Tab | undefined): OpenTab | undefined =>
  tab?.id === undefined || !tab.url ? undefined : { tabId: tab.id, title: tab.title ?? '', url: tab.url };

/**
 * Tells `onChange` which page the panel's window shows: the active tab, and its new page after a
 * navigation. The panel opened as a tab of its own (as the tests drive it) follows the tab used
 * before it rather than itself.
 */
export function useActiveTab(onChange: (tab: OpenTab | undefined) => void) {
  useEffect(() => {
    let windowId: number | undefined;
    let ownTabId: number | undefined;
    let followed: number | undefined;
    const show = (tab: Tab | undefined) => {
      followed = tab?.id;
      onChange(toOpenTab(tab));
    };
    const onActivated = ({ tabId, windowId: window }: { tabId: number; windowId: number }) => {
      if (window === windowId && tabId !== ownTabId) void browser.tabs.get(tabId).then(show, () => show(undefined));
    };
    const onUpdated = (tabId: number, change: { title?: string; url?: string }, tab: Tab) => {
      if (tabId === followed && (change.title !== undefined || change.url !== undefined)) show(tab);
    };
    void (async () => {
      const [own, window] = await Promise.all([browser.tabs.getCurrent(), browser.windows.getCurrent()]);
      ownTabId = own?.id;
      windowId = window.id;
      const tabs = await browser.tabs.query({ windowId });
      const others = tabs.filter((tab) => tab.id !== ownTabId);
      const active =
        others.find((tab) => tab.active) ?? others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
      show(active);
    })();
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
    };
  }, []);
}

/** The window's other tabs that hold a page, for `@`. */
export async function listOpenTabs(): Promise<OpenTab[]> {
  const [own, tabs] = await Promise.all([browser.tabs.getCurrent(), browser.tabs.query({ currentWindow: true })]);
  return tabs
    .filter((tab) => tab.id !== own?.id && /^(https?|file):/.test(tab.url ?? ''))
    .flatMap((tab) => toOpenTab(tab) ?? []);
}
