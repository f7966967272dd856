import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { fakeSummary } from '../fakes/fake-summarizer';
import { servePages, type PageServer } from '../fixtures/page-server';
import { pageAssistant, selectWithMouse } from './page-frames';
import { launchExtension, type LoadedExtension } from './extension';

// Where Chrome's Summarizer API is ready, plain summaries use it; everything else, and text over
// its quota, goes to the chosen engine. Both APIs are spec-following fakes in the service worker.
let extension: LoadedExtension;
let pages: PageServer;
let page: Page;
let panel: Page;

beforeAll(async () => {
  pages = await servePages();
  extension = await launchExtension();
  await extension.installFakeLanguageModel({ fillerWords: 2 });
  await extension.installFakeSummarizer({ inputQuota: 200 });
  page = await extension.context.newPage();
  await page.goto(pages.page('/otters.html', '<p>Otters</p>'));
  panel = await extension.openPanel();
  await panel.getByText('Answering with Gemini Nano').waitFor();
});
afterAll(async () => {
  await extension?.close();
  await pages?.close();
});

async function clickMenu(menuItemId: string, selectionText: string) {
  await page.bringToFront();
  await extension.worker.evaluate(
    async ({ menuItemId, selectionText }) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
        { menuItemId, selectionText, editable: false },
        tab,
      );
    },
    { menuItemId, selectionText },
  );
}

/** Each action starts a new conversation in the panel: its question, then its answer. */
async function answerTo(menuItemId: string, selection: string) {
  await clickMenu(menuItemId, selection);
  await expect
    .poll(() => panel.getByRole('article', { name: 'You' }).locator('.text').textContent())
    .toContain(selection.trim());
  const answer = panel.getByRole('article', { name: 'Inkling' });
  await expect.poll(() => answer.getAttribute('data-status')).toBe('done');
  return {
    text: await answer.locator('.answer').textContent(),
    metrics: await answer.locator('.metrics').textContent(),
  };
}

test('"Summarize" uses Chrome’s Summarizer API when it is ready', async () => {
  const selection = 'Sea otters hold hands while they sleep so that they do not drift apart.';
  const { text, metrics } = await answerTo('action:summarize', selection);
  // Rendered markdown: the list's items without their dashes.
  expect(text).toBe(fakeSummary(selection).replaceAll('- ', '').replace('\n', ''));
  expect(metrics).toContain('Chrome’s Summarizer API');
  expect((await extension.fakeSummarizerLog()).summarized).toEqual([selection]);
});

test('other actions, and text over the Summarizer’s quota, go to the language model', async () => {
  const explained = await answerTo('action:explain', 'Otters use stones as tools.');
  expect(explained.metrics).toContain('Gemini Nano (built into Chrome)');

  const long = 'Otters are playful. '.repeat(60);
  const summarized = await answerTo('action:summarize', long);
  expect(summarized.metrics).toContain('Gemini Nano (built into Chrome)');
  expect((await extension.fakeSummarizerLog()).summarized).toHaveLength(1);
});

test('the page toolbar’s "Summarize" uses it too', async () => {
  const article = await extension.context.newPage();
  await article.goto(
    pages.page('/otters-article.html', '<p id="text">Otters have the densest fur of any animal on Earth.</p>'),
  );
  const assistant = pageAssistant(article);
  await selectWithMouse(article, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Summarize', exact: true }).click();
  await expect.poll(() => assistant.answer()).toContain('Key point: Otters have the densest fur');
  expect((await extension.fakeSummarizerLog()).summarized.at(-1)).toBe(
    'Otters have the densest fur of any animal on Earth.',
  );
});
