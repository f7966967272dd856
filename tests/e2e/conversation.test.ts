import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { fakeReply } from '../fakes/fake-language-model';
import { launchExtension, type LoadedExtension } from './extension';

// Gemini Nano cannot run here, so the service worker gets the spec-following fake `LanguageModel`;
// everything else is real: the built extension, its service worker, ports and side panel page.
let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension();
});
afterAll(() => extension?.close());

const FILLER_WORDS = 40;

async function ask(panel: Page, question: string) {
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
}

const lastAnswer = (panel: Page) => panel.getByRole('article', { name: 'Inkling' }).last();

/** Records the last answer's length at every change, from inside the page. */
async function recordAnswerLengths(panel: Page) {
  await panel.evaluate(() => {
    const lengths: number[] = [];
    (window as unknown as { answerLengths: number[] }).answerLengths = lengths;
    new MutationObserver(() => {
      const answers = document.querySelectorAll('article[aria-label="Inkling"] .answer');
      const length = answers[answers.length - 1]?.textContent?.length ?? 0;
      if (length !== lengths.at(-1)) lengths.push(length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => panel.evaluate(() => (window as unknown as { answerLengths: number[] }).answerLengths);
}

test('a conversation streams progressively, shows metrics, and the second turn keeps the context', async () => {
  await extension.installFakeLanguageModel({ chunkDelayMs: 10, fillerWords: FILLER_WORDS });
  const panel = await extension.openPanel();
  await expect
    .poll(() => panel.getByRole('status', { name: 'Engine status' }).textContent())
    .toContain('Answering with Gemini Nano');
  const lengths = await recordAnswerLengths(panel);

  await ask(panel, 'Hello there');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  const first = fakeReply([], 'Hello there', FILLER_WORDS);
  expect(await lastAnswer(panel).locator('.answer').textContent()).toBe(first);
  // Rendered as it streamed: many partial lengths, each longer than the one before.
  const seen = await lengths();
  expect(seen.length).toBeGreaterThan(5);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(seen.at(-1)).toBe(first.length);
  const metrics = await lastAnswer(panel).locator('.metrics').textContent();
  expect(metrics).toMatch(/first token \d+ ms · [\d.]+ tokens\/s · \d+ tokens · Gemini Nano/);

  await ask(panel, 'What did I say?');
  await expect.poll(() => panel.getByRole('article', { name: 'Inkling' }).count()).toBe(2);
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  expect(await lastAnswer(panel).locator('.answer').textContent()).toContain('Before that you said "Hello there".');
  // The follow-up went to the same session, with only the new turn.
  const log = await extension.fakeLog();
  expect(log.prompts.map((prompt) => prompt.input)).toEqual(['Hello there', 'What did I say?']);
  expect(log.prompts[1]!.session).toBe(log.prompts[0]!.session);
  await panel.close();
});

test('Shift+Enter writes a new line and Enter sends', async () => {
  await extension.installFakeLanguageModel({ fillerWords: 2 });
  const panel = await extension.openPanel();
  const box = panel.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('first line');
  await box.press('Shift+Enter');
  await box.pressSequentially('second line');
  expect(await box.inputValue()).toBe('first line\nsecond line');
  expect(await panel.getByRole('article').count()).toBe(0);
  await box.press('Enter');
  await expect.poll(() => lastAnswer(panel).getAttribute('data-status')).toBe('done');
  expect(await panel.getByRole('article', { name: 'You' }).locator('.text').textContent()).toBe(
    'first line\nsecond line',
  );
  expect(await box.inputValue()).toBe('');
  await panel.close();
});

test('Stop shows the answer stopped at once, no delta arrives after it, and the engine is freed', async () => {
  await extension.installFakeLanguageModel({ chunkDelayMs: 40, fillerWords: 400 });
  const panel = await extension.openPanel();
  await ask(panel, 'Tell me a long story');
  await expect
    .poll(async () => ((await lastAnswer(panel).locator('.answer').textContent()) ?? '').length)
    .toBeGreaterThan(40);

  // Watched inside the page: the answer shows as stopped before the background's end (the metrics
  // line) comes back, so the panel does not wait for the engine to say it stopped.
  const metricsWhenStopped = await panel.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const answer = [...document.querySelectorAll('article[aria-label="Inkling"]')].at(-1)!;
        const stop = [...document.querySelectorAll('button')].find((button) => button.textContent === 'Stop')!;
        new MutationObserver((_, observer) => {
          if (answer.getAttribute('data-status') !== 'stopped') return;
          observer.disconnect();
          resolve(answer.querySelector('.metrics') !== null);
        }).observe(answer, { attributes: true });
        stop.click();
      }),
  );
  expect(metricsWhenStopped).toBe(false);
  const stoppedText = await lastAnswer(panel).locator('.answer').textContent();
  await expect.poll(async () => (await extension.fakeLog()).aborts).toBe(1);
  await expect.poll(() => lastAnswer(panel).locator('.metrics').textContent()).toMatch(/^Stopped · /);
  // Many chunk intervals later, nothing more has arrived.
  await panel.waitForTimeout(400);
  expect(await lastAnswer(panel).locator('.answer').textContent()).toBe(stoppedText);
  expect(await panel.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);

  // The engine is free: the next question, in the same session, streams at once.
  await ask(panel, 'Another one');
  await expect.poll(() => lastAnswer(panel).locator('.answer').textContent()).toContain('You said "Another one"');
  await panel.getByRole('button', { name: 'Stop' }).click();
  await panel.close();
});

test('closing the panel mid-stream aborts the engine’s generation', async () => {
  await extension.installFakeLanguageModel({ chunkDelayMs: 40, fillerWords: 400 });
  const panel = await extension.openPanel();
  await ask(panel, 'Keep talking');
  await expect
    .poll(async () => ((await lastAnswer(panel).locator('.answer').textContent()) ?? '').length)
    .toBeGreaterThan(20);
  expect((await extension.fakeLog()).aborts).toBe(0);
  await panel.close();
  await expect.poll(async () => (await extension.fakeLog()).aborts).toBe(1);
  expect((await extension.fakeLog()).completed).toBe(0);
});
