import { InklingError } from '../contracts/errors';
import type { PageText } from '../contracts/page';

/** The part of pdfjs-dist this needs (passed in, so that only the offscreen document loads it). */
export interface PdfJs {
  getDocument(source: { data: Uint8Array; isEvalSupported: boolean }): {
    promise: Promise<{
      numPages: number;
      getMetadata(): Promise<{ info: unknown }>;
      getPage(number: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }>;
      destroy(): Promise<void>;
    }>;
  };
}

/** The marker that starts each page's text, so that passages and quotes can name their page. */
export const pdfPageMarker = (page: number) => `[Page ${page}]`;

/**
 * A PDF's text, page by page, each after its marker: what a question about the PDF is answered
 * from. A PDF without a text layer (a scan) cannot be read: it says so plainly.
 */
export async function pdfText(data: Uint8Array, url: string, pdfjs: PdfJs): Promise<PageText> {
  const pdf = await pdfjs.getDocument({ data, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const { items } = await (await pdf.getPage(number)).getTextContent();
      const text = items
        .map((item) => {
          const { str = '', hasEOL = false } = item as { str?: string; hasEOL?: boolean };
          return hasEOL ? `${str}\n` : str;
        })
        .join('')
        .replace(/[ \t]+/g, ' ')
        .trim();
      if (text) pages.push(`${pdfPageMarker(number)}\n${text}`);
    }
    if (pages.length === 0) {
      throw new InklingError(
        'page-unreadable',
        'This PDF has no text to read: it looks like scanned images, and Inkling cannot read text in images.',
      );
    }
    const { info } = await pdf.getMetadata();
    const title = (info as { Title?: unknown }).Title;
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return { title: typeof title === 'string' && title.trim() ? title.trim() : name, url, text: pages.join('\n\n') };
  } finally {
    await pdf.destroy();
  }
}
