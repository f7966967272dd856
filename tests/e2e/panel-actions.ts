import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Fills labelled fields of the options page and saves them with the named button. */
export async function configure(options: Page, fields: Record<string, string>, save: string) {
  for (const [label, value] of Object.entries(fields)) await options.getByLabel(label).fill(value);
  await options.getByRole('button', { name: save }).click();
  await expect.poll(() => options.getByRole('status').textContent()).toContain('Saved');
}

export const lastAnswer = (panel: Page) => panel.getByRole('article', { name: 'Inkling' }).last();
export const answerText = async (panel: Page) => (await lastAnswer(panel).locator('.answer').textContent()) ?? '';
export const engineStatus = (panel: Page) => panel.getByRole('status', { name: 'Engine status' });

export async function ask(panel: Page, question: string) {
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
}

/** Points the CPU engine at a model (and any more engine fields), as a user does in the options page. */
export async function useCpuModel(options: Page, name: string, url: string, more: Record<string, string> = {}) {
  await configure(options, { 'Model name': name, 'Model address': url, ...more }, 'Save engine settings');
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
      // Long answers (up to 3,000 tokens) on a loaded 2-core machine: the wait, not the speed, is tested.
      { interval: 20, timeout: 30_000 },
    )
    .toBe('done');
  return lengths;
}
