import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The side panel's answers, as a user reads them. */
export const lastAnswer = (panel: Page) => panel.getByRole('article', { name: 'Inkling' }).last();

export const answerText = async (panel: Page) => (await lastAnswer(panel).locator('.answer').textContent()) ?? '';

export async function ask(panel: Page, question: string) {
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
}

/** Waits for the last answer to be done, noting each length its text had on the way: how it streamed. */
export async function answerLengths(panel: Page): Promise<number[]> {
  const lengths: number[] = [];
  await expect
    .poll(
      async () => {
        const length = (await answerText(panel)).length;
        if (length !== lengths.at(-1)) lengths.push(length);
        return lastAnswer(panel).getAttribute('data-status');
      },
      { interval: 20 },
    )
    .toBe('done');
  return lengths;
}
