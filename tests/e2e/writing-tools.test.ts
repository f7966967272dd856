import { resolve } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { extensionWithPages } from './with-pages';
import { pageAssistant } from './page-frames';
import { configure } from './panel-actions';

// The writing tools in text fields, from the field's context menu, on pages served from
// 127.0.0.1: Chrome's Proofreader, Rewriter and Writer are spec-following fakes (this Chromium has
// none), the engine fallback is the Prompt API fake.
const running = extensionWithPages();

const DRAFT = 'Their is a cat. It sleep on teh mat.';
const FIXED = 'There is a cat. It sleeps on the mat.';

const openPage = (path: string, body: string) =>
  running.open(path, `<!doctype html><html lang="en"><title>Draft</title><body>${body}</body></html>`);

/** What a click on the field's context menu item does (headless Chromium shows no native menus). */
async function useTool(page: Page, tool: 'proofread' | 'rewrite' | 'write') {
  await page.bringToFront();
  await running.extension.worker.evaluate(async (menuItemId) => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
      { menuItemId, editable: true, pageUrl: tab!.url, frameId: 0 },
      tab,
    );
  }, `writing:${tool}`);
}

const card = (page: Page) => pageAssistant(page).frame('card');

test('Proofread lists each correction; they apply one by one, and Ctrl+Z takes one back', async () => {
  await running.extension.installFakeWritingApis({ proofreader: 'available' });
  const page = await openPage('/proofread.html', `<textarea id="draft" rows="4">${DRAFT}</textarea>`);
  await page.locator('#draft').focus();
  await useTool(page, 'proofread');
  await expect.poll(() => card(page)?.getByRole('listitem').count()).toBe(3);
  const items = card(page)!.getByRole('listitem');
  expect(await items.nth(1).textContent()).toContain('sleep → sleeps grammar · The verb agrees with “it”.');
  expect(await card(page)!.getByText('By Chrome’s Proofreader.').count()).toBe(1);

  await items.nth(2).getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('Their is a cat. It sleep on the mat.');
  await items.nth(0).getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('There is a cat. It sleep on the mat.');
  await page.locator('#draft').focus();
  await page.keyboard.press('Control+Z');
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('Their is a cat. It sleep on the mat.');
});

test('a rewrite is previewed, goes in only when accepted, and Ctrl+Z undoes it', async () => {
  await running.extension.installFakeWritingApis({ rewriter: 'available' });
  const page = await openPage('/rewrite.html', `<textarea id="draft" rows="4">Thanks for the tea.</textarea>`);
  await page.locator('#draft').focus();
  await useTool(page, 'rewrite');
  await expect.poll(() => card(page)?.getByRole('combobox', { name: 'Tone' }).count()).toBe(1);
  await card(page)!.getByRole('combobox', { name: 'Tone' }).selectOption('more-formal');
  await card(page)!.getByRole('button', { name: 'Rewrite', exact: true }).click();
  await expect
    .poll(() => card(page)?.getByRole('region', { name: 'Result' }).textContent())
    .toBe('Dear reader, thanks for the tea.');
  expect(await page.locator('#draft').inputValue()).toBe('Thanks for the tea.');
  await card(page)!.getByRole('button', { name: 'Replace' }).click();
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('Dear reader, thanks for the tea.');
  await expect.poll(() => pageAssistant(page).cardShown()).toBe(false);
  await page.keyboard.press('Control+Z');
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('Thanks for the tea.');
});

test('in editable content, Apply all makes every correction in one edit', async () => {
  await running.extension.installFakeWritingApis({ proofreader: 'available' });
  const page = await openPage('/compose.html', `<div id="compose" contenteditable="true"><div>${DRAFT}</div></div>`);
  await page.locator('#compose div').click();
  await useTool(page, 'proofread');
  await expect.poll(() => card(page)?.getByRole('listitem').count()).toBe(3);
  await card(page)!.getByRole('button', { name: 'Apply all' }).click();
  await expect.poll(() => page.locator('#compose').textContent()).toBe(FIXED);
});

test('a React-controlled textarea keeps its state: React sees the edit as input', async () => {
  await running.extension.installFakeWritingApis({ proofreader: 'available' });
  const script = await build({
    stdin: {
      contents: `import { createElement as h, useState } from 'react';
        import { createRoot } from 'react-dom/client';
        function App() {
          const [text, setText] = useState(${JSON.stringify(DRAFT)});
          return h('div', null,
            h('textarea', { id: 'react', value: text, onChange: (event) => setText(event.target.value) }),
            h('p', { id: 'state' }, text));
        }
        createRoot(document.getElementById('root')).render(h(App));`,
      resolveDir: resolve(import.meta.dirname, '../..'),
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const page = await openPage('/react.html', `<div id="root"></div><script>${script.outputFiles[0]!.text}</script>`);
  await page.locator('#react').focus();
  await useTool(page, 'proofread');
  await expect.poll(() => card(page)?.getByRole('listitem').count()).toBe(3);
  await card(page)!.getByRole('button', { name: 'Apply all' }).click();
  await expect.poll(() => page.locator('#state').textContent()).toBe(FIXED);
  expect(await page.locator('#react').inputValue()).toBe(FIXED);
});

test('Write inserts what it wrote at the caret', async () => {
  await running.extension.installFakeWritingApis({ writer: 'available' });
  const page = await openPage('/write.html', '<textarea id="draft">Hello. </textarea>');
  await page.locator('#draft').focus();
  await page.keyboard.press('End');
  await useTool(page, 'write');
  const instruction = () => card(page)!.getByRole('textbox', { name: 'What to write' });
  await expect.poll(() => card(page)?.getByRole('textbox', { name: 'What to write' }).count()).toBe(1);
  await instruction().fill('a thank-you note');
  await instruction().press('Enter');
  await expect
    .poll(() => card(page)?.getByRole('region', { name: 'Result' }).textContent())
    .toBe('Written for you: a thank-you note.');
  await card(page)!.getByRole('button', { name: 'Insert' }).click();
  await expect.poll(() => page.locator('#draft').inputValue()).toBe('Hello. Written for you: a thank-you note.');
  expect((await running.extension.fakeWritingLog()).written).toEqual([
    { instruction: 'a thank-you note', context: 'Hello. ' },
  ]);
});

test('without Chrome’s Proofreader the engine corrects, and each change is a correction', async () => {
  await running.extension.installFakeWritingApis({});
  await running.extension.installFakeLanguageModel({ replyText: FIXED, chunkDelayMs: 1 });
  const page = await openPage('/engine.html', `<textarea id="draft">${DRAFT}</textarea>`);
  await page.locator('#draft').focus();
  await useTool(page, 'proofread');
  await expect.poll(() => card(page)?.getByRole('listitem').count()).toBe(3);
  expect(await card(page)!.getByText('By Gemini Nano (built into Chrome).').count()).toBe(1);
  expect((await running.extension.fakeLog()).prompts.at(-1)!.input).toContain(DRAFT);
});

test('nothing opens for a password field', async () => {
  await running.extension.installFakeWritingApis({ proofreader: 'available' });
  const page = await openPage('/password.html', '<input id="secret" type="password" value="hunter2">');
  await page.locator('#secret').focus();
  await useTool(page, 'proofread');
  await page.waitForTimeout(600);
  expect(await pageAssistant(page).frameCount()).toBe(0);
  expect((await running.extension.fakeWritingLog()).proofread).toEqual([]);
});

// Last: it turns the page assistant off for 127.0.0.1.
test('a site where the page assistant is off gets no writing tools', async () => {
  await running.extension.installFakeWritingApis({ proofreader: 'available' });
  const page = await openPage('/blocked.html', `<textarea id="draft">${DRAFT}</textarea>`);
  await page.locator('#draft').focus();
  await useTool(page, 'proofread');
  await expect.poll(() => card(page)?.getByRole('listitem').count()).toBe(3);
  // The user turns the page assistant off on this site, in the options.
  const options = await running.extension.openOptions();
  const sites = 'Never on these sites (one per line, e.g. mail.example.com)';
  await configure(options, { [sites]: '127.0.0.1' }, 'Save assistant settings');
  await options.close();
  await expect.poll(() => pageAssistant(page).frameCount()).toBe(0);
  const again = await openPage('/blocked-again.html', `<textarea id="draft">${DRAFT}</textarea>`);
  await again.locator('#draft').focus();
  const before = (await running.extension.fakeWritingLog()).proofread.length;
  await useTool(again, 'proofread');
  await again.waitForTimeout(600);
  expect(await pageAssistant(again).frameCount()).toBe(0);
  expect((await running.extension.fakeWritingLog()).proofread).toHaveLength(before);
});
