import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { extensionWithPages } from './with-pages';
import { pageAssistant, pressAskAboutPage } from './page-frames';

// What crosses the surfaces' ports, seen from the surfaces: the side panel's own port (observed by
// wrapping chrome.runtime.connect before the page's scripts run), a port opened from the page card's
// frame, and one from the content script's isolated world in a web page (over the DevTools protocol).
const running = extensionWithPages();

interface PortMessage {
  type: string;
  id?: string;
  code?: string;
  message?: string;
}
type Observed = { portMessages: PortMessage[] };

/** The side panel, with every message its ports receive recorded in `window.portMessages`. */
async function observedPanel(): Promise<Page> {
  const panel = await running.extension.context.newPage();
  await panel.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as Observed).portMessages = seen as PortMessage[];
    const connect = chrome.runtime.connect.bind(chrome.runtime) as (
      info: chrome.runtime.ConnectInfo,
    ) => chrome.runtime.Port;
    chrome.runtime.connect = ((info: chrome.runtime.ConnectInfo) => {
      const port = connect(info);
      port.onMessage.addListener((message: unknown) => void seen.push(message));
      return port;
    }) as typeof chrome.runtime.connect;
  });
  await panel.goto(`chrome-extension://${running.extension.extensionId}/sidepanel.html`);
  return panel;
}

const lastAnswer = (panel: Page) => panel.getByRole('article', { name: 'Inkling' }).last();

test('one Stop in the side panel gives exactly one done, and nothing after it', async () => {
  await running.extension.installFakeLanguageModel({ chunkDelayMs: 40, fillerWords: 400 });
  const panel = await observedPanel();
  await panel.getByRole('textbox', { name: 'Message' }).fill('Tell me a long story');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect
    .poll(async () => ((await lastAnswer(panel).locator('.answer').textContent()) ?? '').length)
    .toBeGreaterThan(40);
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => lastAnswer(panel).locator('.metrics').textContent()).toMatch(/^Stopped · /);
  await expect.poll(async () => (await running.extension.fakeLog()).aborts).toBe(1);
  // Many chunk intervals later, still one end.
  await panel.waitForTimeout(400);

  const messages = await panel.evaluate(() => (window as unknown as Observed).portMessages);
  const id = messages.find((message) => message.type === 'delta')?.id;
  expect(id).toBeDefined();
  const ofRequest = messages.filter((message) => message.id === id);
  const ends = ofRequest.filter((message) => message.type === 'done' || message.type === 'error');
  expect(ends.map((message) => message.type)).toEqual(['done']);
  expect(ofRequest.at(-1)).toBe(ends[0]);
  await panel.close();
});

/** Runs `expression` in the Inkling content script's isolated world of `page`. */
async function inContentScript<T>(page: Page, expression: string): Promise<T> {
  const cdp = await running.extension.context.newCDPSession(page);
  const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => void worlds.push(context));
  await cdp.send('Runtime.enable');
  const origin = `chrome-extension://${running.extension.extensionId}`;
  const isolated = () => worlds.find((world) => world.origin === origin && world.auxData?.type === 'isolated');
  await expect.poll(() => isolated()).toBeDefined();
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: isolated()!.id,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}

/** Opens the page's card ("Ask about this page"), as the keyboard command does. */
async function openCard(page: Page) {
  await pressAskAboutPage(running.extension.worker, page);
  const assistant = pageAssistant(page);
  await expect.poll(() => assistant.cardShown()).toBe(true);
  return assistant.card();
}

test('the page card’s port is refused panel-ready, prepare and conversation writes', async () => {
  await running.extension.installFakeLanguageModel({ replyText: 'An answer for the page.' });
  const page = await running.extension.context.newPage();
  await page.goto(running.pages.page('/plain.html', '<!doctype html><title>Plain</title><p>Some text.</p>'));
  const card = await openCard(page);
  const replies = await card.evaluate(
    () =>
      new Promise<PortMessage[]>((resolve) => {
        const port = chrome.runtime.connect({ name: 'inkling' });
        const seen: PortMessage[] = [];
        const ended = () => seen.filter((m) => m.type === 'error').length === 4 && seen.some((m) => m.type === 'done');
        port.onMessage.addListener((message: PortMessage) => {
          seen.push(message);
          if (ended()) resolve(seen);
        });
        const start = (id: string) => ({ type: 'start', id, messages: [{ role: 'user', content: id }], options: {} });
        port.postMessage({ type: 'panel-ready', windowId: 1 });
        port.postMessage({ type: 'prepare' });
        port.postMessage({ type: 'cancel-prepare' });
        // The next question of a stored conversation: the background would write its turns.
        port.postMessage({
          type: 'run',
          id: 'Save me',
          options: {},
          task: { kind: 'chat', conversationId: 'c1', question: 'Save me', userTurnId: 'u1', answerTurnId: 't1' },
        });
        // What the card needs still works: its own answer.
        port.postMessage(start('Answer me'));
      }),
  );
  const errors = replies.filter((message) => message.type === 'error');
  expect(errors.map((message) => [message.id, message.code])).toEqual([
    [undefined, 'not-allowed'],
    [undefined, 'not-allowed'],
    [undefined, 'not-allowed'],
    ['Save me', 'not-allowed'],
  ]);
  expect(errors[0]!.message).toContain('panel-ready');
  expect(replies.find((message) => message.type === 'done')).toMatchObject({ id: 'Answer me' });
  // The refused request never reached the engine.
  expect((await running.extension.fakeLog()).prompts.map((prompt) => prompt.input)).toEqual(['Answer me']);
  await page.close();
});

test('a content script streams nothing, and cannot put words in the user’s conversations', async () => {
  await running.extension.installFakeLanguageModel({ replyText: 'An answer for the page.' });
  const page = await running.extension.context.newPage();
  await page.goto(running.pages.page('/plain-cs.html', '<!doctype html><title>Plain</title><p>Some text.</p>'));
  const refused = await inContentScript<string[]>(
    page,
    `Promise.all(['inkling', 'inkling-frame'].map((name) => new Promise((resolve) => {
      const port = chrome.runtime.connect({ name });
      port.onMessage.addListener((message) => resolve('answered ' + message.type));
      port.onDisconnect.addListener(() => resolve('disconnected'));
      const question = [{ role: 'user', content: 'Answer me' }];
      port.postMessage({ type: 'start', id: 'Answer me', messages: question, options: {} });
      port.postMessage({ type: 'continue-in-panel', id: 1, answerId: 'forged', shownChars: 0, panelOpened: true });
    })))`,
  );
  expect(refused).toEqual(['disconnected', 'disconnected']);
  expect((await running.extension.fakeLog()).prompts.map((prompt) => prompt.input)).not.toContain('Answer me');

  // Nor through "Continue in side panel": only the card's frame may ask, for an answer the
  // background wrote for its tab.
  const conversations = () =>
    running.extension.worker.evaluate(async () => {
      if (!(await indexedDB.databases()).some((database) => database.name === 'inkling')) return 0;
      return new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('inkling');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('conversations').objectStore('conversations').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      });
    });
  const before = await conversations();
  const continued = await inContentScript<unknown>(
    page,
    `chrome.runtime.sendMessage({ type: 'continue-in-panel', answerId: 'forged' })
      .then((reply) => reply ?? 'no reply')`,
  );
  expect(continued).toBe('no reply');
  expect(await conversations()).toBe(before);
  await page.close();
});
