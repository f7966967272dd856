import { browser } from 'wxt/browser';

/** The browser's own pages that Inkling's messages send people to: each browser names its own. */
export const EXTENSIONS_PAGE = import.meta.env.FIREFOX ? 'about:addons' : 'chrome://extensions';
export const GPU_PAGE = import.meta.env.FIREFOX ? 'about:support' : 'chrome://gpu';

/** Firefox lets no extension open about:addons' shortcut page by address, only through this call. */
interface FirefoxCommands {
  openShortcutSettings(): Promise<void>;
}

export function openShortcutSettings(): Promise<unknown> {
  if (import.meta.env.FIREFOX) return (browser.commands as unknown as FirefoxCommands).openShortcutSettings();
  return browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}
