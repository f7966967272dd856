import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { servePages, type PageServer } from '../fixtures/page-server';
import { pageAssistant, pressAskAboutPage, selectWithMouse } from './page-frames';
import { launchExtension, type LoadedExtension } from './extension';

// The page assistant on pages served from 127.0.0.1: toolbar on selection, the answer card, the
// off switches, and hostile pages. Answers come from the spec-following Prompt API fake.
let extension: LoadedExtension;
let pages: PageServer;

const ARTICLE = `<!doctype html><title>Tea</title>
<h1>All about tea</h1>
<p id="text">Tea is an aromatic drink prepared by pouring hot water over the leaves of Camellia sinensis.</p>
<textarea id="draft" rows="3">A draft I am writing</textarea>
<input id="name" value="A name in a field">`;

beforeAll(async () => {
  pages = await servePages();
  extension = await launchExtension();
  await extension.installFakeLanguageModel({ replyText: 'Tea is **a drink** made from leaves.', chunkDelayMs: 20 });
});
afterAll(async () => {
  await extension?.close();
  await pages?.close();
});

async function openPage(path: string, html: string, host = '127.0.0.1'): Promise<Page> {
  const page = await extension.context.newPage();
  await page.goto(pages.page(path, html).replace('127.0.0.1', host));
  return page;
}

test('the toolbar appears on a selection, and not in a text field or a textarea', async () => {
  const page = await openPage('/tea.html', ARTICLE);
  const assistant = pageAssistant(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  for (const name of ['Summarize', 'Explain', 'Rewrite (simpler)', 'Translate', 'Ask…'])
    await expect.poll(() => assistant.toolbar().getByRole('button', { name, exact: true }).count()).toBe(1);

  await page.keyboard.press('Escape');
  await expect.poll(() => assistant.toolbarShown()).toBe(false);
  await page.locator('#draft').click();
  await page.keyboard.press('Control+A');
  await page.waitForTimeout(400);
  expect(await assistant.toolbarShown()).toBe(false);
  await page.locator('#name').selectText();
  await page.waitForTimeout(400);
  expect(await assistant.toolbarShown()).toBe(false);
});

test('the card streams the answer; Stop ends it; Continue in side panel carries the conversation over', async () => {
  await extension.installFakeLanguageModel({ replyText: `${'Tea is a drink. '.repeat(60)}The end.`, chunkDelayMs: 40 });
  const panel = await extension.openPanel();
  const page = await openPage('/tea-card.html', ARTICLE);
  const assistant = pageAssistant(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Explain', exact: true }).click();
  await expect.poll(() => assistant.cardShown()).toBe(true);
  await expect.poll(async () => (await assistant.answer()).length).toBeGreaterThan(30);
  await assistant.card().getByRole('button', { name: 'Stop', exact: true }).click();
  const stopped = await assistant.answer();
  await page.waitForTimeout(400);
  expect(await assistant.answer()).toBe(stopped);
  expect(stopped).not.toContain('The end.');
  expect((await extension.fakeLog()).aborts).toBe(1);

  await assistant.card().getByRole('button', { name: 'Continue in side panel', exact: true }).click();
  const question = panel.getByRole('article', { name: 'You' });
  await expect.poll(() => question.locator('.text').textContent()).toContain('Tea is an aromatic drink');
  const answer = panel.getByRole('article', { name: 'Inkling' });
  expect(await answer.locator('.answer').textContent()).toBe(stopped);
  expect(await answer.getAttribute('data-status')).toBe('stopped');
  await panel.close();
});

test('a hostile page runs nothing and triggers nothing', async () => {
  await extension.installFakeLanguageModel({
    replyText:
      'Look: <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> ' +
      '[click me](javascript:window.pwned=3) ![x](http://127.0.0.1:1/tracker.png) ' +
      '<iframe src="javascript:window.pwned=4"></iframe>',
    chunkDelayMs: 5,
  });
  const hostile =
    `<!doctype html><title>Hostile</title>
<p id="text">Read this: &lt;img src=x onerror="window.pwned=5"&gt; &lt;script&gt;window.pwned=6&lt;/script&gt; ` +
    `<a href="javascript:window.pwned=7">a link</a></p>
<script>
  window.pwned = 0;
  // Fake commands: messages and synthetic events must start nothing.
  setTimeout(() => {
    window.postMessage({ type: 'start', id: 'x', messages: [{ role: 'user', content: 'pwn' }], options: {} }, '*');
    window.postMessage({ type: 'run-task', task: { kind: 'prompt', label: 'x', quote: 'x', ` +
    `template: '{text}', summary: false } }, '*');
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'A', altKey: true, shiftKey: true, bubbles: true }));
  }, 300);
</script>`;
  const promptsBefore = (await extension.fakeLog()).prompts.length;
  const page = await openPage('/hostile.html', hostile);
  const assistant = pageAssistant(page);
  await page.waitForTimeout(900);
  expect(await assistant.toolbarShown()).toBe(false);
  expect(await assistant.cardShown()).toBe(false);
  expect((await extension.fakeLog()).prompts.length).toBe(promptsBefore);

  // A user selects the hostile text and asks for a summary; the answer holds hostile markup too.
  await page.evaluate(() => getSelection()?.removeAllRanges());
  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Summarize', exact: true }).click();
  await expect.poll(() => assistant.answer()).toContain('click me');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
  // The markup is shown as text; the javascript: link and the remote image are no links at all.
  expect(await assistant.answer()).toContain('<img src=x onerror="window.pwned=1">');
  expect(await assistant.card().getByRole('link', { name: 'click me' }).count()).toBe(0);
  expect(await assistant.card().getByRole('img').count()).toBe(0);
});

test('the keyboard shortcut opens "Ask about this page", which answers from the page’s text', async () => {
  const shortcuts = await extension.worker.evaluate(() => chrome.commands.getAll());
  expect(Object.fromEntries(shortcuts.map((command) => [command.name, command.shortcut]))).toEqual({
    _execute_action: 'Alt+Shift+I',
    'summarize-page': 'Alt+Shift+S',
    'ask-about-page': 'Alt+Shift+K',
    'translate-page': 'Alt+Shift+L',
  });
  await extension.installFakeLanguageModel({ replyText: 'It is about tea.', chunkDelayMs: 5 });
  const page = await openPage('/tea-ask.html', ARTICLE);
  const assistant = pageAssistant(page);
  await pressAskAboutPage(extension.worker, page);
  await expect.poll(() => assistant.cardShown()).toBe(true);
  const question = assistant.card().getByRole('textbox', { name: 'Your question about this page' });
  // Focus is in the question box: the user types at once.
  await expect.poll(() => question.evaluate((input) => document.activeElement === input)).toBe(true);
  await page.keyboard.type('What is this page about?');
  await page.keyboard.press('Enter');
  await expect.poll(() => assistant.answer()).toContain('It is about tea.');
  const prompt = (await extension.fakeLog()).prompts.at(-1)!.input;
  expect(prompt).toContain('Tea is an aromatic drink');
  expect(prompt).toContain('What is this page about?');
});

test('when the side panel cannot open, a context-menu action answers in the page’s card', async () => {
  await extension.installFakeLanguageModel({ replyText: 'Tea is a drink.', chunkDelayMs: 5 });
  // A window of its own: an earlier test's "Continue in side panel" really opened the panel in the first.
  const opened = extension.context.waitForEvent('page');
  const url = pages.page('/tea-fallback.html', ARTICLE);
  await extension.worker.evaluate((url) => chrome.windows.create({ url, focused: true }), url);
  const page = await opened;
  await page.waitForLoadState();
  const assistant = pageAssistant(page);
  // No panel is open there, and this click carries no gesture, so Chrome refuses to open the panel.
  await extension.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
      { menuItemId: 'action:explain', selectionText: 'Tea is an aromatic drink.', editable: false, pageUrl: tab!.url },
      tab,
    );
  });
  await expect.poll(() => assistant.cardShown()).toBe(true);
  await expect.poll(() => assistant.answer()).toContain('Tea is a drink.');
});

// Last: it turns the assistant off for 127.0.0.1.
test('"Don’t show on this site" turns the assistant off there, and only there', async () => {
  const page = await openPage('/tea-block.html', ARTICLE);
  const assistant = pageAssistant(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Explain', exact: true }).click();
  await expect.poll(() => assistant.cardShown()).toBe(true);
  await assistant.card().getByRole('button', { name: 'More options', exact: true }).click();
  await assistant.card().getByRole('menuitem', { name: 'Don’t show on this site' }).click();
  await expect.poll(() => assistant.cardShown()).toBe(false);

  await page.reload();
  const again = pageAssistant(page);
  await selectWithMouse(page, '#text');
  await page.waitForTimeout(500);
  expect(await again.toolbarShown()).toBe(false);

  // Another site still has it.
  const other = await openPage('/tea-other.html', ARTICLE, 'localhost');
  const otherAssistant = pageAssistant(other);
  await selectWithMouse(other, '#text');
  await expect.poll(() => otherAssistant.toolbarShown()).toBe(true);
});
