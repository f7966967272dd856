import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createPdf } from '../fixtures/pdf';
import { withExtensionAndPages } from './suites';

// A PDF in Chrome's viewer, generated here and served from 127.0.0.1, read with pdfjs-dist in the
// offscreen document. The fake `LanguageModel` answers, so the test can see what it was given.
const suite = withExtensionAndPages();

async function askAbout(pdfPath: string, pdf: Buffer, title: string, structuredReply?: unknown) {
  await suite.extension.installFakeLanguageModel({ structuredReply });
  const tab = await suite.extension.context.newPage();
  await tab.goto(suite.pages.file(pdfPath, pdf, 'application/pdf')).catch(() => {});
  const panel = await suite.extension.openPanel();
  await panel.getByRole('status', { name: 'Engine status' }).getByText('Answering with Gemini Nano').waitFor();
  await panel.getByRole('button', { name: `Use this page: ${title}` }).click();
  await panel.getByRole('textbox', { name: 'Message' }).fill('When does the ferry leave?');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = panel.getByRole('article', { name: 'Inkling' }).last();
  await expect.poll(() => answer.getAttribute('data-status')).not.toBe('streaming');
  return { panel, tab, answer };
}

const close = (...pages: Page[]) => Promise.all(pages.map((page) => page.close()));

test('a PDF in the viewer is read with its page numbers, and a citation names and opens its page', async () => {
  const pdf = createPdf(
    [
      ['Harbour report', 'The ferry leaves at nine.'],
      ['Second page', 'The lighthouse keeper is named Ada.'],
    ],
    'Harbour report',
  );
  const quote = { text: 'The lighthouse keeper is named Ada.', page: 1 };
  const reply = { answer: 'At nine.', quotes: [quote] };
  const { panel, tab, answer } = await askAbout('/report.pdf', pdf, 'Harbour report', reply);
  expect(await answer.getAttribute('data-status')).toBe('done');
  const prompt = (await suite.extension.fakeLog()).prompts.at(-1)?.input ?? '';
  expect(prompt).toMatch(/\[Page 1\]\s+> Harbour report\s+> The ferry leaves at nine\./);
  expect(prompt).toMatch(/\[Page 2\]\s+> Second page\s+> The lighthouse keeper is named Ada\./);
  expect(await panel.getByRole('list', { name: 'Pages this question is about' }).textContent()).toBe('Harbour report');

  // A citation names the PDF's page, and opens the viewer there.
  const citation = answer.getByRole('region', { name: 'Quotes from the pages' }).getByRole('listitem');
  expect(await citation.textContent()).toBe('“The lighthouse keeper is named Ada.” (Harbour report, page 2)');
  await citation.getByRole('button').click();
  await expect.poll(() => tab.url()).toMatch(/\/report\.pdf#page=2$/);
  await close(panel, tab);
});

test('a scanned PDF with no text gets a plain message', async () => {
  const { panel, tab, answer } = await askAbout('/scan.pdf', createPdf([null]), 'scan.pdf');
  expect(await answer.getAttribute('data-status')).toBe('failed');
  expect(await answer.locator('.error').textContent()).toBe(
    'This PDF has no text to read: it looks like scanned images, and Inkling cannot read text in images.',
  );
  await close(panel, tab);
});
