import { browser } from 'wxt/browser';

/**
 * Content scripts run in pages' processes: the settings (the server's address and key, prompts, the
 * system prompt) are for Inkling's own pages only. Chrome keeps them from content scripts with an
 * access level, set at every start of the worker, so that it holds whatever Chrome does or does not
 * remember of it across restarts. Firefox has no access levels for `storage.local`: there a content
 * script could read them, and Inkling's content script never does.
 */
export function keepSettingsFromContentScripts(): void {
  if (import.meta.env.FIREFOX) return;
  browser.storage.local
    .setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })
    .catch((error: unknown) => console.error('Inkling could not protect its settings', error));
}
