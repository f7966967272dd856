import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { servePages, type PageServer } from '../fixtures/page-server';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { launchFirefox, type LoadedFirefox } from './firefox';
import { useTinyCpuModel } from './cpu-model';
import { byName, text } from './ui';

// The action on selected text, in Firefox: select words on a page from 127.0.0.1, pick Explain in
// the page assistant's toolbar, and the real CPU engine answers in the card. Both are extension
// frames inside the page. (Firefox offers a test no way to click its own context menu; the menu's
// items run the same tasks as these buttons.)
let firefox: LoadedFirefox;
let model: ModelServer;
let pages: PageServer;
const MAX_TOKENS = 20;

beforeAll(async () => {
  [model, pages, firefox] = await Promise.all([serveModel(createTinyGguf()), servePages(), launchFirefox()]);
});
afterAll(async () => {
  await firefox?.close();
  await model?.close();
  await pages?.close();
});

const ARTICLE = `<!doctype html><title>Tea</title>
<h1>All about tea</h1>
<p id="text">Tea is an aromatic drink prepared by pouring hot water over the leaves of Camellia sinensis.</p>`;

/**
 * Inkling's frame of that kind in the page. Its content script navigates it from inside, which
 * BiDi does not report (`frame.url()` stays about:blank), so the frame is asked where it is.
 */
async function frameOf(page: Page, kind: 'toolbar' | 'card'): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    const address = await frame.evaluate(() => location.href).catch(() => '');
    if (!frame.detached && address.includes(`/page-${kind}.html#`)) return frame;
  }
  return undefined;
}

/**
 * Clicks a button of the toolbar with the page's mouse, at the button's place: Firefox's BiDi has no
 * `frameElement` (puppeteer's click in a frame needs it), and the toolbar is then the page's one frame.
 */
async function clickInToolbar(page: Page, toolbar: Frame, name: string) {
  const frames = await page.$$('iframe');
  expect(frames).toHaveLength(1);
  const frameBox = (await frames[0]!.boundingBox())!;
  await byName(toolbar, name);
  const place = await toolbar.evaluate((wanted) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === wanted)!;
    const { x, y, width, height } = button.getBoundingClientRect();
    return { x: x + width / 2, y: y + height / 2 };
  }, name);
  await page.mouse.click(frameBox.x + place.x, frameBox.y + place.y);
}

async function selectWithMouse(page: Page, selector: string) {
  const box = (await (await page.$(selector))!.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 4, { steps: 5 });
  await page.mouse.up();
}

test('Firefox: Explain on selected words answers in the card with the CPU engine and the user’s settings', async () => {
  await useTinyCpuModel(firefox, model.url, MAX_TOKENS);
  const page = await firefox.openPage(pages.page('/tea.html', ARTICLE));
  await selectWithMouse(page, '#text');
  await expect.poll(async () => (await frameOf(page, 'toolbar')) !== undefined).toBe(true);
  await clickInToolbar(page, (await frameOf(page, 'toolbar'))!, 'Explain');

  await expect.poll(async () => (await frameOf(page, 'card')) !== undefined).toBe(true);
  const card = (await frameOf(page, 'card'))!;
  await expect.poll(() => text(card, '.title')).toBe('Explain');
  // Done: the metrics line comes at the end, and says the answer kept to the user's length.
  await expect.poll(() => text(card, '.metrics'), { timeout: 30_000 }).toContain('llama.cpp on your CPU');
  const metrics = await text(card, '.metrics');
  expect(metrics).toMatch(/^Cut at the token limit · /);
  expect(metrics).toContain(` · ${MAX_TOKENS} tokens · `);
  expect((await text(card, '[role=region][aria-label="Answer"]')).length).toBeGreaterThan(0);
  // None of it is in the page's own document.
  const pageText = await page.evaluate(() => document.body.textContent);
  expect(pageText).not.toContain('llama.cpp');
});
