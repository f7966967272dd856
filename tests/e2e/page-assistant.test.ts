import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { servePages, type PageServer } from '../fixtures/page-server';
import { closedShadow, selectWithMouse } from './closed-shadow';
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

const toolbarShown = (shadow: Awaited<ReturnType<typeof closedShadow>>) => shadow.count('toolbar', 'Inkling');

test('the toolbar appears on a selection, and not in a text field or a textarea', async () => {
  const page = await openPage('/tea.html', ARTICLE);
  const shadow = await closedShadow(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => toolbarShown(shadow)).toBe(1);
  for (const name of ['Summarize', 'Explain', 'Rewrite (simpler)', 'Translate', 'Ask…'])
    expect(await shadow.count('button', name)).toBe(1);

  await page.keyboard.press('Escape');
  await expect.poll(() => toolbarShown(shadow)).toBe(0);
  await page.locator('#draft').click();
  await page.keyboard.press('Control+A');
  await page.waitForTimeout(400);
  expect(await toolbarShown(shadow)).toBe(0);
  await page.locator('#name').selectText();
  await page.waitForTimeout(400);
  expect(await toolbarShown(shadow)).toBe(0);
});

test('the card streams the answer; Stop ends it; Continue in side panel carries the conversation over', async () => {
  await extension.installFakeLanguageModel({ replyText: `${'Tea is a drink. '.repeat(60)}The end.`, chunkDelayMs: 40 });
  const panel = await extension.openPanel();
  const page = await openPage('/tea-card.html', ARTICLE);
  const shadow = await closedShadow(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => toolbarShown(shadow)).toBe(1);
  await shadow.click('button', 'Explain');
  await expect.poll(() => shadow.count('dialog', 'Inkling answer')).toBe(1);
  await expect.poll(async () => (await shadow.text('region', 'Answer')).length).toBeGreaterThan(30);
  await shadow.click('button', 'Stop');
  const stopped = await shadow.text('region', 'Answer');
  await page.waitForTimeout(400);
  expect(await shadow.text('region', 'Answer')).toBe(stopped);
  expect(stopped).not.toContain('The end.');
  expect((await extension.fakeLog()).aborts).toBe(1);

  await shadow.click('button', 'Continue in side panel');
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
  const shadow = await closedShadow(page);
  await page.waitForTimeout(900);
  expect(await toolbarShown(shadow)).toBe(0);
  expect(await shadow.count('dialog', 'Inkling answer')).toBe(0);
  expect((await extension.fakeLog()).prompts.length).toBe(promptsBefore);

  // A user selects the hostile text and asks for a summary; the answer holds hostile markup too.
  await page.evaluate(() => getSelection()?.removeAllRanges());
  await selectWithMouse(page, '#text');
  await expect.poll(() => toolbarShown(shadow)).toBe(1);
  await shadow.click('button', 'Summarize');
  await expect.poll(() => shadow.text('region', 'Answer')).toContain('click me');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
  // The markup is shown as text; the javascript: link and the remote image are no links at all.
  expect(await shadow.text('region', 'Answer')).toContain('<img src=x onerror="window.pwned=1">');
  expect(await shadow.count('link', 'click me')).toBe(0);
  expect(await shadow.count('image')).toBe(0);
});

test('the keyboard shortcut opens "Ask about this page", which answers from the page’s text', async () => {
  const shortcuts = await extension.worker.evaluate(() => chrome.commands.getAll());
  expect(Object.fromEntries(shortcuts.map((command) => [command.name, command.shortcut]))).toEqual({
    _execute_action: 'Alt+Shift+I',
    'summarize-page': 'Alt+Shift+S',
    'ask-about-page': 'Alt+Shift+K',
  });
  await extension.installFakeLanguageModel({ replyText: 'It is about tea.', chunkDelayMs: 5 });
  const page = await openPage('/tea-ask.html', ARTICLE);
  const shadow = await closedShadow(page);
  // What Chrome does on Alt+Shift+K (headless Chromium has no browser shortcuts): the command's handler runs.
  await page.bringToFront();
  await extension.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch('ask-about-page', tab);
  });
  await expect.poll(() => shadow.count('textbox', 'Your question about this page')).toBe(1);
  await page.keyboard.type('What is this page about?');
  await page.keyboard.press('Enter');
  await expect.poll(() => shadow.text('region', 'Answer')).toContain('It is about tea.');
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
  const shadow = await closedShadow(page);
  // No panel is open there, and this click carries no gesture, so Chrome refuses to open the panel.
  await extension.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
      { menuItemId: 'action:explain', selectionText: 'Tea is an aromatic drink.', editable: false, pageUrl: tab!.url },
      tab,
    );
  });
  await expect.poll(() => shadow.count('dialog', 'Inkling answer')).toBe(1);
  await expect.poll(() => shadow.text('region', 'Answer')).toContain('Tea is a drink.');
});

// Last: it turns the assistant off for 127.0.0.1.
test('"Don’t show on this site" turns the assistant off there, and only there', async () => {
  const page = await openPage('/tea-block.html', ARTICLE);
  const shadow = await closedShadow(page);
  await selectWithMouse(page, '#text');
  await expect.poll(() => toolbarShown(shadow)).toBe(1);
  await shadow.click('button', 'Explain');
  await expect.poll(() => shadow.count('dialog', 'Inkling answer')).toBe(1);
  await shadow.click('button', 'More options');
  await shadow.click('menuitem', 'Don’t show on this site');
  await expect.poll(() => shadow.count('dialog', 'Inkling answer')).toBe(0);

  await page.reload();
  const again = await closedShadow(page);
  await selectWithMouse(page, '#text');
  await page.waitForTimeout(500);
  expect(await toolbarShown(again)).toBe(0);

  // Another site still has it.
  const other = await openPage('/tea-other.html', ARTICLE, 'localhost');
  const otherShadow = await closedShadow(other);
  await selectWithMouse(other, '#text');
  await expect.poll(() => toolbarShown(otherShadow)).toBe(1);
});
