import { InklingError } from '@/lib/contracts/errors';
import type { PageText, Reply, ToContent } from '@/lib/contracts/page';

/**
 * The page's main text: readability, injected when Chrome lets Inkling into the tab (a menu click
 * or a shortcut grants it), else the content script's lighter reading; a PDF's text from the PDF.
 */
export async function pageText(tabId: number, readPdf?: (url: string) => Promise<PageText>): Promise<PageText> {
  // Chrome shows a PDF in its own viewer, whose page holds no text: the PDF itself is read
  // (pdfjs-dist, in the offscreen document), page by page.
  const { url } = await browser.tabs.get(tabId);
  if (readPdf && url && /^(https?|file):[^?#]*\.pdf([?#]|$)/i.test(url)) return readPdf(url);
  const injected = await browser.scripting
    .executeScript({ target: { tabId }, files: ['/page-text.js'] })
    .then(([injection]) => injection?.result as PageText | undefined)
    .catch(() => undefined);
  const page = injected ?? (await readByContentScript(tabId));
  if (!page?.text) throw new InklingError('page-unreadable', 'This page has no text Inkling can read.');
  return page;
}

async function readByContentScript(tabId: number): Promise<PageText | undefined> {
  const reply = (await browser.tabs
    .sendMessage(tabId, { type: 'read-page' } satisfies ToContent)
    .catch(() => undefined)) as Reply<PageText> | undefined;
  // No content script: a browser page, the Web Store, or a page opened before Inkling was installed.
  if (!reply)
    throw new InklingError(
      'page-unreadable',
      'Inkling cannot read this page. Reload it and try again; browser pages cannot be read.',
    );
  return reply.ok ? reply.value : undefined;
}
