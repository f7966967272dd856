import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { InklingError } from '@/lib/contracts/errors';
import type { PageText } from '@/lib/contracts/page';
import { type PdfJs, pdfText } from '@/lib/page-text/pdf-text';

/**
 * A PDF's text from its address, with pdfjs-dist in its own worker. Loaded on first use: the
 * engines' page should not carry the PDF reader until a PDF is read.
 */
export async function readPdf(url: string): Promise<PageText> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) {
    throw new InklingError('page-unreadable', 'Inkling could not load this PDF. Reload it and try again.');
  }
  return pdfText(new Uint8Array(await response.arrayBuffer()), url, pdfjs as unknown as PdfJs);
}
