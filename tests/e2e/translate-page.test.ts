import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { extensionWithPages } from './with-pages';
import { pageAssistant, selectWithMouse } from './page-frames';

// "Translate this page" on pages served from 127.0.0.1, with the spec-following Translator and
// LanguageDetector fakes (Chromium's own cannot download a language pack here) and the engine as
// the fallback. The browser speaks English; the pages are German.
const running = extensionWithPages();

const ARTICLE = `<!doctype html><html lang="de"><title>Tee</title>
<body>
<h1>Alles über <em>Tee</em></h1>
<p id="first">Tee ist ein <a href="/sorten">aromatisches Getränk</a> aus den Blättern der Teepflanze.</p>
<ul><li>Grüner Tee</li><li>Schwarzer <b>Tee</b></li></ul>
<pre><code>brew --tea green</code></pre>
<p>Mit <code>heißem Wasser</code> aufgießen.</p>
<label>Name <input id="name" value="Kein Text zum Übersetzen"></label>
</body></html>`;

const openPage = (path: string, html: string) => running.open(path, html);

/** What Chrome does on Alt+Shift+T, or the menu item: the command's handler runs for the tab. */
async function translate(page: Page) {
  await page.bringToFront();
  await running.extension.worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch('translate-page', tab);
  });
}

const bar = (page: Page) => pageAssistant(page).frame('translation');
const barText = async (page: Page) => (await bar(page)?.getByRole('status').textContent()) ?? '';

test('a page is translated in place, structure kept, and “Show original” restores it exactly', async () => {
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de' });
  const page = await openPage('/tee.html', ARTICLE);
  const before = await page.evaluate(() => document.body.innerHTML);
  await translate(page);
  await expect.poll(() => barText(page)).toBe('Translated from German into English. By Chrome’s translator.');
  expect(await page.locator('h1').textContent()).toBe('en:Alles en:über en:Tee');
  expect(await page.locator('h1 em').textContent()).toBe('en:Tee');
  // The link is still the link, around its own words.
  expect(await page.locator('#first a').getAttribute('href')).toBe('/sorten');
  expect(await page.locator('#first a').textContent()).toBe('en:aromatisches en:Getränk');
  // Code, preformatted text and fields are left alone.
  expect(await page.locator('pre').textContent()).toBe('brew --tea green');
  expect(await page.locator('p code').textContent()).toBe('heißem Wasser');
  expect(await page.locator('#name').inputValue()).toBe('Kein Text zum Übersetzen');

  await bar(page)!.getByRole('button', { name: 'Show original' }).click();
  await expect.poll(() => page.evaluate(() => document.body.innerHTML)).toBe(before);
  await expect.poll(() => pageAssistant(page).frameCount()).toBe(0);
});

test('side by side keeps the original and shows the translation under it; new paragraphs follow', async () => {
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de' });
  const page = await openPage('/tee-bilingual.html', ARTICLE);
  const before = await page.evaluate(() => document.body.innerHTML);
  await translate(page);
  await expect.poll(() => barText(page)).toContain('Translated');
  await bar(page)!.getByRole('button', { name: 'Side by side' }).click();
  await expect.poll(() => page.locator('#first').textContent()).toContain('Tee ist ein aromatisches Getränk');
  expect(await page.locator('#first').textContent()).toContain('en:Tee en:ist en:ein');

  // The page adds a paragraph, as an infinite scroll does.
  await page.evaluate(() => {
    const more = document.createElement('p');
    more.id = 'more';
    more.textContent = 'Noch mehr Tee';
    document.body.append(more);
  });
  await expect.poll(() => page.locator('#more').textContent()).toContain('en:Noch en:mehr en:Tee');
  await bar(page)!.getByRole('button', { name: 'Show original' }).click();
  await page.evaluate(() => document.getElementById('more')?.remove());
  await expect.poll(() => page.evaluate(() => document.body.innerHTML)).toBe(before);
});

const PARAGRAPHS = 300;

test('Stop ends the translation at once and keeps what is done', async () => {
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de', delayMs: 150 });
  // Long enough that Stop lands mid-way even on a loaded machine (30 were done before a late click).
  const paragraphs = Array.from({ length: PARAGRAPHS }, (_, index) => `<p>Absatz Nummer ${index} über Tee.</p>`).join(
    '',
  );
  const page = await openPage('/tee-long.html', `<!doctype html><html lang="de"><body>${paragraphs}</body></html>`);
  await translate(page);
  await expect
    .poll(() => barText(page))
    .toMatch(new RegExp(`Translating from German into English… [1-9]\\d* of ${PARAGRAPHS}`));
  await bar(page)!.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => barText(page)).toMatch(/^Stopped\./);
  const translated = await page.evaluate(() => document.body.textContent!.split('en:Absatz').length - 1);
  expect(translated).toBeGreaterThan(0);
  expect(translated).toBeLessThan(PARAGRAPHS);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.body.textContent!.split('en:Absatz').length - 1)).toBe(translated);
});

test('without Chrome’s translator for the pair, the engine translates, and the bar says so', async () => {
  await running.extension.installFakeTranslator({ pairs: {}, detects: 'de' });
  await running.extension.installFakeLanguageModel({ replyText: '[1] All about\n[2] tea', chunkDelayMs: 1 });
  const page = await openPage('/tee-engine.html', '<!doctype html><html lang="de"><h1>Alles über <em>Tee</em></h1>');
  await translate(page);
  await expect
    .poll(() => barText(page))
    .toBe('Translated from German into English. By Gemini Nano (built into Chrome).');
  expect(await page.locator('h1').textContent()).toBe('All about tea');
  const prompt = (await running.extension.fakeLog()).prompts.at(-1)!.input;
  expect(prompt).toContain('Translate each numbered line into English.');
  expect(prompt).toContain('[1] Alles über');
  expect(prompt).toContain('[2] Tee');
});

test('a page already in the browser’s language is left as it is, and the bar says why', async () => {
  await running.extension.installFakeTranslator({ pairs: {}, detects: 'en' });
  const page = await openPage('/tea-en.html', '<!doctype html><html lang="en"><p>All about tea.</p>');
  await translate(page);
  await expect.poll(() => bar(page)?.getByRole('alert').textContent()).toBe('This page is already in English.');
  expect(await page.locator('p').textContent()).toBe('All about tea.');
});

test('“Translate” on a selection uses Chrome’s translator too, where it is ready', async () => {
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de' });
  const page = await openPage('/tee-selection.html', ARTICLE);
  const assistant = pageAssistant(page);
  await selectWithMouse(page, '#first');
  await expect.poll(() => assistant.toolbarShown()).toBe(true);
  await assistant.toolbar().getByRole('button', { name: 'Translate', exact: true }).click();
  await expect.poll(() => assistant.answer()).toContain('en:Tee en:ist en:ein en:aromatisches en:Getränk');
  await expect.poll(() => assistant.card().locator('.metrics').textContent()).toContain('Chrome’s translator');
});

test('a pair Chrome would download is translated by the engine until the user agrees to the download', async () => {
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'downloadable' }, detects: 'de' });
  await running.extension.installFakeLanguageModel({ replyText: '[1] All about\n[2] tea', chunkDelayMs: 1 });
  const page = await openPage('/tee-download.html', ARTICLE);
  await translate(page);
  await expect.poll(() => barText(page)).toContain('By Gemini Nano (built into Chrome).');
  expect(await page.locator('h1').textContent()).toBe('All about tea');
  // The bar's frame is where the user clicks: Chrome's translator is downloaded there, with progress.
  await running.extension.installFakeTranslatorIn(bar(page)!, { pairs: { 'de>en': 'downloadable' } });
  // Once it is downloaded, the pair is ready for the whole browser.
  await bar(page)!.getByRole('button', { name: 'Use Chrome’s translator' }).click();
  await running.extension.installFakeTranslator({ pairs: { 'de>en': 'available' }, detects: 'de' });
  await expect.poll(() => barText(page)).toContain('By Chrome’s translator.');
  await page.evaluate(() => {
    const more = document.createElement('p');
    more.id = 'later';
    more.textContent = 'Noch mehr Tee';
    document.body.append(more);
  });
  await expect.poll(() => page.locator('#later').textContent()).toBe('en:Noch en:mehr en:Tee');
});
