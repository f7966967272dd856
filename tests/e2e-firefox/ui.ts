import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { expect } from 'vitest';

// What a user does in Inkling's pages, over BiDi. Puppeteer's ARIA queries need CDP, so elements
// are found here by the same accessible names the Chromium suite uses, read from the DOM.

type Scope = Page | Frame;

/** What `find` finds, once it does: pages render after they load their settings. */
async function until<T>(find: () => Promise<T | null>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = await find();
    if (found) return found;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  throw new Error(`No ${what}`);
}

/** The button or link whose accessible name (aria-label, else its text) is `name`. */
export function byName(scope: Scope, name: string, selector = 'button'): Promise<ElementHandle<Element>> {
  return until(async () => {
    const handle = await scope.evaluateHandle(
      (wanted, css) =>
        [...document.querySelectorAll(css)].find(
          (element) => (element.getAttribute('aria-label') ?? element.textContent ?? '').trim() === wanted,
        ) ?? null,
      name,
      selector,
    );
    return handle.asElement() as ElementHandle<Element> | null;
  }, `${selector} named “${name}”`);
}

export async function click(scope: Scope, name: string, selector?: string) {
  await (await byName(scope, name, selector)).click();
}

/** The form control labelled `label` (the label's own text, without that of what it holds). */
function labelled<T extends Element>(scope: Scope, label: string): Promise<ElementHandle<T>> {
  return until(async () => {
    const handle = await scope.evaluateHandle((wanted) => {
      const element = [...document.querySelectorAll('label')].find((candidate) => {
        const own = (candidate.textContent ?? '').replace(candidate.control?.textContent ?? '', '');
        return own.trim() === wanted;
      });
      return element?.control ?? document.querySelector(`[aria-label="${wanted}"]`);
    }, label);
    return handle.asElement() as ElementHandle<T> | null;
  }, `field labelled “${label}”`);
}

/** Types into the field labelled `label`, as a user replaces its text. */
export async function fill(scope: Scope, label: string, value: string) {
  const field = await labelled<HTMLInputElement>(scope, label);
  await field.click({ count: 3 });
  await field.evaluate((input) => input.select?.());
  await field.type(value);
}

export const text = (scope: Scope, selector: string) =>
  scope.evaluate((css) => document.querySelector(css)?.textContent ?? '', selector);

export const engineStatus = (panel: Page) => text(panel, '[role=status][aria-label="Engine status"]');

/** What the last answer shows in its part `css`. */
const lastAnswerPart = (panel: Page, css: string) =>
  panel.evaluate(
    (part) =>
      [...document.querySelectorAll('article[aria-label="Inkling"]')].at(-1)?.querySelector(part)?.textContent ?? '',
    css,
  );
export const answerText = (panel: Page) => lastAnswerPart(panel, '.answer');
export const answerMetrics = (panel: Page) => lastAnswerPart(panel, '.metrics');
export const answerStatus = (panel: Page) =>
  panel.evaluate(
    () => [...document.querySelectorAll('article[aria-label="Inkling"]')].at(-1)?.getAttribute('data-status') ?? null,
  );

/** Fills labelled fields of the options page and saves them with the named button. */
export async function configure(options: Page, fields: Record<string, string>, save: string) {
  for (const [label, value] of Object.entries(fields)) await fill(options, label, value);
  await click(options, save);
  await expect.poll(() => text(options, '[role=status]')).toContain('Saved');
}

export async function ask(panel: Page, question: string) {
  const before = await panel.evaluate(() => document.querySelectorAll('article[aria-label="Inkling"]').length);
  const box = await panel.waitForSelector('[aria-label="Message"]');
  await box!.click();
  await box!.type(question);
  await panel.keyboard.press('Enter');
  await expect
    .poll(() => panel.evaluate(() => document.querySelectorAll('article[aria-label="Inkling"]').length))
    .toBe(before + 1);
}

/** Waits for the last answer to be done, noting each length its text had on the way: how it streamed. */
export async function answerLengths(panel: Page): Promise<number[]> {
  const lengths: number[] = [];
  await expect
    .poll(
      async () => {
        const length = (await answerText(panel)).length;
        if (length !== lengths.at(-1)) lengths.push(length);
        return answerStatus(panel);
      },
      { interval: 20, timeout: 30_000 },
    )
    .toBe('done');
  return lengths;
}

/** Picks `value` in the list labelled `label`. */
export async function choose(scope: Scope, label: string, value: string) {
  await (await labelled<HTMLSelectElement>(scope, label)).select(value);
}
