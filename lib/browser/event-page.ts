import { browser } from 'wxt/browser';

/**
 * Firefox suspends an event page that has had no event for 30 s (`extensions.background.idle.timeout`),
 * and the engine frame goes with it: a loaded model would be read again for the next question. An
 * open port is not enough; a message is an event to the background and restarts that timer. So the
 * engine page, in Firefox, sends one now and then while it is open: until its own idle time closes
 * it, as Chrome's offscreen document lives on while its service worker sleeps.
 */
const AWAKE_MESSAGE = { type: 'engine-page-awake' } as const;
const INTERVAL_MS = 10_000;

export function keepEventPageAwake(): void {
  if (!import.meta.env.FIREFOX) return;
  setInterval(() => void browser.runtime.sendMessage(AWAKE_MESSAGE).catch(() => {}), INTERVAL_MS);
}
