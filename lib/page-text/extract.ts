import { Readability } from '@mozilla/readability';
import type { PageText } from '../contracts/page';

/**
 * The page's main text, as a reader view would show it: menus, footers, ads and comments out.
 * Readability works on a copy, so the page is never changed. A page it finds no article in (an
 * app, a search result list) gives its visible body text instead.
 */
export function extractPageText(doc: Document): PageText {
  const article = new Readability(doc.cloneNode(true) as Document, { charThreshold: 200 }).parse();
  // innerText, not textContent: it leaves out hidden text, scripts and styles, and keeps line breaks.
  // biome-ignore lint/performance/useDomNodeTextContent: see above
  const text = article?.textContent?.trim() ? article.textContent : (doc.body?.innerText ?? '');
  return { title: article?.title || doc.title, url: doc.location.href, text: tidy(text) };
}

/** Runs of blank lines and spaces left by the markup, squeezed. */
function tidy(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
