import { afterAll, beforeAll, expect, test } from 'vitest';
import { serveModel, type ModelServer } from '../fixtures/model-server';
import { createTinyGguf } from '../fixtures/tiny-gguf';
import { pageAssistant } from './page-frames';
import { configure } from './panel-actions';
import { extensionWithPages } from './with-pages';

// Translate this page and Proofread with none of Chrome's task APIs: the real CPU engine (llama.cpp
// in WebAssembly, the suite's generated model) does the work. Its words are random, so these tests
// check that the work reaches the engine and comes back in place, not what the words say.
const running = extensionWithPages();
let model: ModelServer;

beforeAll(async () => {
  model = await serveModel(createTinyGguf());
});

let ready: Promise<void> | undefined;
/** The CPU engine with the model downloaded, as a user sets it up: once, for whichever test is first. */
function cpuEngineReady(): Promise<void> {
  ready ??= (async () => {
    const options = await running.extension.openOptions();
    await configure(options, { 'Model name': 'Tiny test model', 'Model address': model.url }, 'Save engine settings');
    await configure(options, { 'Maximum answer length in tokens (16 to 8192)': '48' }, 'Save sampling settings');
    const panel = await running.extension.openPanel();
    await panel.getByRole('button', { name: 'Download for llama.cpp on your CPU' }).click();
    await expect
      .poll(() => panel.getByRole('status', { name: 'Engine status' }).locator('.headline').textContent())
      .toBe('Answering with llama.cpp on your CPU: Tiny test model.');
    await panel.close();
  })();
  return ready;
}
afterAll(async () => {
  await model?.close();
});

const dispatch = (command: 'translate-page' | 'writing:proofread') =>
  running.extension.worker.evaluate(async (what) => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    if (what === 'translate-page')
      (chrome.commands.onCommand as unknown as { dispatch(...args: unknown[]): void }).dispatch(what, tab);
    else
      (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(
        { menuItemId: what, editable: true, pageUrl: tab!.url, frameId: 0 },
        tab,
      );
  }, command);

test('the CPU engine translates a page when Chrome has no translator, and the bar says so', async () => {
  await cpuEngineReady();
  const page = await running.open('/cpu-translate.html', '<!doctype html><html lang="de"><p>Tee ist gut.</p>');
  const before = await page.evaluate(() => document.body.innerHTML);
  await page.bringToFront();
  await dispatch('translate-page');
  const bar = () => pageAssistant(page).frame('translation')?.getByRole('status');
  await expect
    .poll(async () => (await bar()?.textContent()) ?? '')
    .toBe('Translated from German into English. By llama.cpp on your CPU.');
  await pageAssistant(page).frame('translation')!.getByRole('button', { name: 'Show original' }).click();
  await expect.poll(() => page.evaluate(() => document.body.innerHTML)).toBe(before);
});

test('the CPU engine proofreads a field when Chrome has no Proofreader, and the card says so', async () => {
  await cpuEngineReady();
  const page = await running.open('/cpu-proofread.html', '<textarea id="draft">Their is a cat.</textarea>');
  await page.locator('#draft').focus();
  await page.bringToFront();
  await dispatch('writing:proofread');
  const card = () => pageAssistant(page).frame('card');
  await expect.poll(async () => (await card()?.getByText('By llama.cpp on your CPU.').count()) ?? 0).toBe(1);
  // Nothing reaches the field before the user accepts a correction.
  expect(await page.locator('#draft').inputValue()).toBe('Their is a cat.');
});
