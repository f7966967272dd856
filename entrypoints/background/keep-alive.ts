import { browser } from 'wxt/browser';

/**
 * Chrome stops an idle service worker after 30 s. Port messages reset that timer, but a long model
 * load or prefill sends none; an extension API call also resets it (Chrome 110+), so while busy one
 * is made every 20 s. https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
const INTERVAL_MS = 20_000;

export function keepAliveWhileBusy(): (busy: boolean) => void {
  let timer: ReturnType<typeof setInterval> | undefined;
  return (busy) => {
    clearInterval(timer);
    timer = busy ? setInterval(() => void browser.runtime.getPlatformInfo(), INTERVAL_MS) : undefined;
  };
}
