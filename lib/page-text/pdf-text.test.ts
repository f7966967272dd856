import { describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createPdf } from '../../tests/fixtures/pdf';
import { type PdfJs, pdfText } from './pdf-text';

const read = (pdf: Buffer) =>
  pdfText(new Uint8Array(pdf), 'https://example.com/files/report.pdf', pdfjs as unknown as PdfJs);

describe('pdfText', () => {
  it('gives each page’s text after its page number, and the title from the PDF', async () => {
    const page = await read(createPdf([['First line', 'Second (line)'], ['Page two']], 'The report'));
    expect(page).toEqual({
      title: 'The report',
      url: 'https://example.com/files/report.pdf',
      text: '[Page 1]\nFirst line\nSecond (line)\n\n[Page 2]\nPage two',
    });
  });

  it('names an untitled PDF after its file, and skips a page with no text', async () => {
    const page = await read(createPdf([null, ['Only words']]));
    expect(page.title).toBe('report.pdf');
    expect(page.text).toBe('[Page 2]\nOnly words');
  });

  it('says plainly that a scanned PDF has no text to read', async () => {
    await expect(read(createPdf([null, null]))).rejects.toThrow('This PDF has no text to read');
  });
});
