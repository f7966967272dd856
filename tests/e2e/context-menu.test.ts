import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { withCpuModel } from './suites';

// Context-menu actions on a page served from 127.0.0.1, answered in the side panel by the real CPU
// engine with the suite's generated model. Headless Chromium has no native menus: the click is
// dispatched through chrome.contextMenus.onClicked in the service worker, as Chrome would.
const suite = withCpuModel();

/** Fires the context menu's click in the service worker, for the page's tab (brought to the front). */
async function clickMenu(page: Page, menuItemId: string, selectionText?: string) {
  await page.bringToFront();
  await suite.extension.worker.evaluate(
    async ({ url, menuItemId, selectionText }) => {
      // Without the "tabs" permission tabs carry no URL: the page is the active tab.
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (!tab) throw new Error('No active tab');
      // Undocumented, but fires the registered listeners (platform.md §2).
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
        { menuItemId, selectionText, editable: false, pageUrl: url },
        tab,
      );
    },
    { url: page.url(), menuItemId, selectionText },
  );
}

async function openPanelBeside(page: Page) {
  // The real panel opens from the click; headless, the panel page is opened in the same window.
  const panel = await suite.extension.context.newPage();
  await panel.goto(`chrome-extension://${suite.extension.extensionId}/sidepanel.html`);
  await panel.getByText('Answering with llama.cpp').waitFor();
  await page.bringToFront();
  return panel;
}

test('"Summarize" on a selection streams a summary into the side panel, as a new conversation', async () => {
  const page = await suite.extension.context.newPage();
  await page.goto(
    suite.pages.page(
      '/article.html',
      '<h1>Otters</h1><p>Sea otters hold hands while they sleep so that they do not drift apart.</p>',
    ),
  );
  const panel = await openPanelBeside(page);

  await clickMenu(page, 'action:summarize', 'Sea otters hold hands while they sleep.');
  const question = panel.getByRole('article', { name: 'You' });
  await expect
    .poll(() => question.textContent())
    .toContain('Summarize the following text in a few short bullet points.');
  expect(await question.textContent()).toContain('Sea otters hold hands while they sleep.');
  expect(await panel.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Summarize: “Sea otters hold hands while they sleep.”',
  );
  const answer = panel.getByRole('article', { name: 'Inkling' });
  await expect.poll(() => answer.getAttribute('data-status')).toBe('done');
  expect(((await answer.locator('.answer').textContent()) ?? '').length).toBeGreaterThan(0);
  expect(await answer.locator('.metrics').textContent()).toContain('llama.cpp on your CPU: Tiny test model');
});

test('"Summarize this page" summarizes the page’s main text, without its menus and footer', async () => {
  const page = await suite.extension.context.newPage();
  await page.goto(
    suite.pages.page(
      '/news.html',
      `<title>Otters | Nature News</title><nav>World Science Sport</nav>
       <article><h1>Sea otters hold hands</h1>` +
        `<p>Sea otters hold hands while they sleep so that they do not drift apart.</p></article>
       <footer>Copyright Nature News. Cookies.</footer>`,
    ),
  );
  const panel = await openPanelBeside(page);
  await clickMenu(page, 'summarize-page');
  const question = panel.getByRole('article', { name: 'You' }).locator('.text');
  await expect.poll(() => question.textContent()).toContain('Sea otters hold hands while they sleep');
  expect(await question.textContent()).not.toContain('Cookies');
  expect(await question.textContent()).not.toContain('World Science Sport');
  expect(await panel.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Summary of this page: “Otters | Nature News”',
  );
  await expect.poll(() => panel.getByRole('article', { name: 'Inkling' }).getAttribute('data-status')).toBe('done');
});

test('a 200 KB selection is summarized in parts, with the progress shown', async () => {
  const page = await suite.extension.context.newPage();
  await page.goto(suite.pages.page('/long.html', '<p>Long text</p>'));
  const panel = await openPanelBeside(page);
  const paragraph = 'The committee met on Tuesday to discuss the harbour, the budget and the new ferry timetable. ';
  const selection = Array.from({ length: 2_200 }, (_, i) => `${i % 20 === 0 ? '\n\n' : ''}${paragraph}`).join('');
  expect(selection.length).toBeGreaterThan(200_000);

  const started = Date.now();
  await clickMenu(page, 'action:summarize', selection);
  const progress = new Set<string>();
  const answer = panel.getByRole('article', { name: 'Inkling' });
  await expect
    .poll(
      async () => {
        const line = await answer
          .locator('.thinking')
          .textContent()
          .catch(() => null);
        if (line) progress.add(line);
        return answer.getAttribute('data-status');
      },
      { timeout: 300_000, interval: 100 },
    )
    .toBe('done');
  const parts = [...progress].filter((line) => /^Summarizing part \d+ of \d+…$/.test(line));
  expect(parts.length).toBeGreaterThan(3);
  const totals = [...new Set(parts.map((line) => Number(/of (\d+)/.exec(line)![1])))];
  expect(totals[0]).toBeGreaterThanOrEqual(34);
  console.log(
    `200 KB selection: parts of ${totals.join(', then ')} (halved when a part did not fit the model's context), ` +
      `summarized in ${((Date.now() - started) / 1000).toFixed(1)} s with the tiny test model`,
  );
}, 400_000);

test('a long summary goes on when the side panel closes, and the reopened panel shows it finished', async () => {
  const page = await suite.extension.context.newPage();
  await page.goto(suite.pages.page('/harbour.html', '<p>Harbour news</p>'));
  let panel = await openPanelBeside(page);
  const paragraph = 'The council met on Monday about the harbour wall, the fish market and the winter ferries. ';
  const selection = Array.from({ length: 2_200 }, (_, i) => `${i % 20 === 0 ? '\n\n' : ''}${paragraph}`).join('');
  await clickMenu(page, 'action:summarize', selection);
  const progress = panel.getByRole('article', { name: 'Inkling' }).locator('.thinking');
  await expect
    .poll(() => progress.textContent().catch(() => ''), { timeout: 30_000 })
    .toMatch(/^Summarizing part [2-9] of \d+…$/);
  const title = (await panel.getByRole('heading', { level: 1 }).textContent())!;
  await panel.close();

  panel = await suite.extension.openPanel();
  await panel.getByRole('button', { name: 'Conversations' }).click();
  await panel
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: `Open ${title}` })
    .click();
  const answer = panel.getByRole('article', { name: 'Inkling' });
  // Still being written (its progress or text shows), or already done: never stopped by the close.
  await expect.poll(() => answer.getAttribute('data-status'), { timeout: 300_000 }).toBe('done');
  expect(((await answer.locator('.answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
  expect(await answer.locator('.metrics').textContent()).toContain('llama.cpp on your CPU: Tiny test model');
}, 400_000);
