import { browser } from 'wxt/browser';

/**
 * Chrome's side panel and Firefox's sidebar show the same page (entrypoints/sidepanel): WXT writes
 * `side_panel` or `sidebar_action` for it. Both open only within the user's gesture, so callers call
 * these first thing in a click, menu or command handler, before any await.
 */

/** Firefox's `sidebarAction`, which Chrome's typings do not know. */
interface SidebarAction {
  open(): Promise<void>;
  toggle(): Promise<void>;
}

function sidebarAction(): SidebarAction {
  return (browser as unknown as { sidebarAction: SidebarAction }).sidebarAction;
}

/** Opens the panel in the window the user acted in (Firefox's sidebar opens in the current one). */
export function openSidePanel(windowId: number): Promise<void> {
  if (import.meta.env.FIREFOX) return sidebarAction().open();
  return browser.sidePanel.open({ windowId });
}

/** The toolbar button shows the panel; in Firefox it hides it again, as its own sidebar buttons do. */
export function openSidePanelFromToolbar(): void {
  if (import.meta.env.FIREFOX) {
    browser.action.onClicked.addListener(() => void sidebarAction().toggle());
    return;
  }
  // Chrome remembers this; setting it on every start is cheap.
  browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch((error: unknown) => console.error(error));
}
