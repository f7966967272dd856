import type { Frame, Page, Worker } from 'playwright-core';

type FrameKind = 'toolbar' | 'card' | 'translation';

/**
 * The page assistant as a user meets it: its toolbar and card are extension frames inside the page.
 * Playwright reaches into them as the user's mouse and keyboard do (real, trusted input); the page's
 * own scripts cannot.
 */
export function pageAssistant(page: Page) {
  const frameOf = (kind: FrameKind): Frame | undefined =>
    page.frames().find((frame) => !frame.isDetached() && frame.url().includes(`/page-${kind}.html#`));

  async function shown(kind: FrameKind): Promise<boolean> {
    const frame = frameOf(kind);
    if (!frame) return false;
    try {
      const element = await frame.frameElement();
      // Laid out but transparent (opacity 0, letting clicks through) while it measures itself: not shown yet.
      const opaque = await element.evaluate((iframe) => getComputedStyle(iframe as Element).opacity === '1');
      return opaque && (await element.isVisible()) && (await element.boundingBox())!.height > 0;
    } catch {
      return false; // Removed in the meantime.
    }
  }

  const need = (kind: FrameKind): Frame => {
    const frame = frameOf(kind);
    if (!frame) throw new Error(`The ${kind} is not on the page`);
    return frame;
  };

  return {
    toolbarShown: () => shown('toolbar'),
    cardShown: () => shown('card'),
    /** The toolbar's frame, to find its buttons by role. */
    toolbar: () => need('toolbar'),
    card: () => need('card'),
    /** Any of Inkling's frames, if it is on the page. */
    frame: frameOf,
    /** The card's answer as shown ('' without a card). */
    async answer(): Promise<string> {
      const frame = frameOf('card');
      if (!frame) return '';
      const region = frame.getByRole('region', { name: 'Answer' });
      return (await region.count()) ? ((await region.textContent()) ?? '') : '';
    },
    /** How many of Inkling's frames are in the page's DOM (shown or not). */
    frameCount: () => page.evaluate(() => document.querySelectorAll('iframe').length),
  };
}

/** Selects an element's text with the mouse, as a user does. */
export async function selectWithMouse(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 4, { steps: 5 });
  await page.mouse.up();
}

/**
 * What Chrome does on Alt+Shift+K ("Ask about this page"): headless Chromium has no browser
 * shortcuts, so the command's registered handler is run for the page's tab.
 */
export async function pressAskAboutPage(worker: Worker, page: Page) {
  await page.bringToFront();
  await worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch('ask-about-page', tab);
  });
}
