import type { PageText } from '../contracts/page';

/** Parts of a page that are not its content. */
const CHROME_SELECTOR =
  'nav, header, footer, aside, form, script, style, noscript, ' +
  '[role="navigation"], [role="banner"], [role="contentinfo"], ' +
  '[role="complementary"], [aria-hidden="true"]';

/**
 * A light reading of a page's main text, for when Chrome does not let Inkling inject readability
 * (no menu click or shortcut granted access to the tab): the article or main element if there is
 * one, else the body, without navigation, headers, footers, asides and forms. Small enough for the
 * content script that runs on every page.
 */
export function mainText(doc: Document): PageText {
  const root = doc.querySelector('article, main, [role="main"]') ?? doc.body;
  const copy = root.cloneNode(true) as HTMLElement;
  for (const element of copy.querySelectorAll(CHROME_SELECTOR)) element.remove();
  return {
    title: doc.title,
    url: doc.location.href,
    text: (copy.textContent ?? '')
      .replace(/[ \t\u00a0]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim(),
  };
}
