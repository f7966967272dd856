import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './extension';

// Conversations in the extension's real IndexedDB, through the side panel as a user works with it.
let profile: string;
let extension: LoadedExtension;
beforeAll(async () => {
  profile = await mkdtemp(join(tmpdir(), 'inkling-profile-'));
  extension = await launchExtension({ profile });
});
afterAll(async () => {
  await extension?.close();
  await rm(profile, { recursive: true, force: true });
});

const answers = (panel: Page) => panel.getByRole('article', { name: 'Inkling' });
const questions = (panel: Page) => panel.getByRole('article', { name: 'You' });

async function ask(panel: Page, question: string) {
  const before = await answers(panel).count();
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect.poll(() => answers(panel).count()).toBe(before + 1);
}

const settled = (panel: Page) =>
  expect.poll(() => answers(panel).last().getAttribute('data-status')).not.toBe('streaming');

async function openConversation(panel: Page, title: string) {
  await panel.getByRole('button', { name: 'Conversations' }).click();
  await panel
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: `Open ${title}` })
    .click();
}

test(
  'a conversation survives a browser restart, ' + 'and a partial answer is kept when the panel closes mid-stream',
  async () => {
    await extension.installFakeLanguageModel({ fillerWords: 400, chunkDelayMs: 30 });
    let panel = await extension.openPanel();
    await ask(panel, 'Remember the lighthouse');
    await panel.getByRole('button', { name: 'Stop' }).click();
    await settled(panel);
    await ask(panel, 'Tell me everything');
    await expect.poll(async () => ((await answers(panel).last().textContent()) ?? '').length).toBeGreaterThan(60);
    const shown = (await answers(panel).last().locator('.answer').textContent()) ?? '';
    await panel.close();

    // Restart the browser on the same profile.
    await extension.close();
    extension = await launchExtension({ profile });
    panel = await extension.openPanel();
    await openConversation(panel, 'Remember the lighthouse');
    expect(await questions(panel).locator('.text').allTextContents()).toEqual([
      'Remember the lighthouse',
      'Tell me everything',
    ]);
    const partial = answers(panel).last();
    expect(await partial.getAttribute('data-status')).toBe('stopped');
    // Nothing already shown was lost: the saved answer holds at least what the closed panel showed.
    expect((await partial.locator('.answer').textContent())!.startsWith(shown.slice(0, shown.length - 40))).toBe(true);
    expect(await partial.locator('.metrics').textContent()).toMatch(/^Stopped · /);
  },
);

test('regenerate replaces the last answer; edit and resend cuts the conversation there', async () => {
  await extension.installFakeLanguageModel({ fillerWords: 2 });
  const panel = await extension.openPanel();
  await ask(panel, 'First question');
  await settled(panel);
  await ask(panel, 'Second question');
  await settled(panel);

  await panel.getByRole('button', { name: 'Regenerate' }).click();
  await expect
    .poll(async () => (await extension.fakeLog()).prompts.map((prompt) => prompt.input))
    .toEqual(['First question', 'Second question', 'Second question']);
  await settled(panel);
  expect(await answers(panel).count()).toBe(2);

  await questions(panel).first().getByRole('button', { name: 'Edit this message' }).click();
  await panel.getByRole('textbox', { name: 'Edit message' }).fill('A better first question');
  await panel.getByRole('button', { name: 'Resend' }).click();
  await expect.poll(() => answers(panel).count()).toBe(1);
  await settled(panel);
  expect(await questions(panel).locator('.text').allTextContents()).toEqual(['A better first question']);
  expect(await answers(panel).last().locator('.answer').textContent()).toContain('You said "A better first question".');
});

test('a system prompt per conversation reaches the engine as the first initial prompt', async () => {
  await extension.installFakeLanguageModel({ fillerWords: 1 });
  const panel = await extension.openPanel();
  await panel.getByText('System prompt').click();
  await panel.getByRole('textbox', { name: 'System prompt' }).fill('Answer like a pirate.');
  await panel.getByRole('button', { name: 'Save system prompt' }).click();
  await ask(panel, 'Ahoy?');
  await settled(panel);
  const log = await extension.fakeLog();
  expect(log.creates.at(-1)!.initialPrompts).toEqual([{ role: 'system', content: 'Answer like a pirate.' }]);
});

test('conversations can be searched, renamed, exported and deleted', async () => {
  await extension.installFakeLanguageModel({ fillerWords: 1 });
  const panel = await extension.openPanel();
  await ask(panel, 'Which penguins live in Patagonia?');
  await settled(panel);

  const [download] = await Promise.all([
    panel.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export Markdown' }).click(),
  ]);
  const markdown = await readFile((await download.path())!, 'utf8');
  expect(markdown).toContain('Which penguins live in Patagonia?');
  expect(markdown).toContain('You said "Which penguins live in Patagonia?"');

  await panel.getByRole('button', { name: 'Conversations' }).click();
  const list = panel.getByRole('navigation', { name: 'Conversations' });
  await list.getByRole('searchbox', { name: 'Search conversations' }).fill('PATAGONIA');
  await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
  await list.getByRole('button', { name: 'Rename Which penguins live in Patagonia?' }).click();
  await list.getByRole('textbox', { name: 'New title' }).fill('Penguins');
  await list.getByRole('button', { name: 'Save' }).click();
  await list.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await expect.poll(() => list.getByRole('button', { name: 'Open Penguins' }).count()).toBe(1);

  await list.getByRole('button', { name: 'Delete Penguins' }).click();
  await list.getByRole('button', { name: 'Really delete Penguins' }).click();
  await expect.poll(() => list.getByRole('button', { name: 'Open Penguins' }).count()).toBe(0);
  await list.getByRole('searchbox', { name: 'Search conversations' }).fill('penguins');
  await expect.poll(() => list.getByText('No conversation matches.').count()).toBe(1);
});
