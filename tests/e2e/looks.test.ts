import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type LoadedExtension } from './extension';
import { expectScreenshot } from './screenshot';

// What the side panel looks like, in the browser's light and dark themes, with a streamed answer
// that holds a code block and a table. Reference images: tests/screenshots/.
const ANSWER = [
  'Here is how to **reverse a list** in Python:',
  '',
  '```python',
  'numbers = [1, 2, 3]',
  'numbers.reverse()',
  'print(numbers)  # [3, 2, 1]',
  '```',
  '',
  '| Method | Changes the list | Returns |',
  '| --- | --- | --- |',
  '| `reverse()` | yes | `None` |',
  '| `reversed()` | no | an iterator |',
  '| `[::-1]` | no | a new list |',
  '',
  '- Use `reverse()` to change it in place.',
  '- Use slicing for a *reversed copy*.',
].join('\n');

let extension: LoadedExtension;
beforeAll(async () => {
  extension = await launchExtension();
  await extension.installFakeLanguageModel({ replyText: ANSWER, chunkDelayMs: 2 });
});
afterAll(() => extension?.close());

async function panelWithAnswer(colorScheme: 'light' | 'dark'): Promise<Page> {
  const panel = await extension.openPanel();
  await panel.setViewportSize({ width: 420, height: 760 });
  await panel.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  await expect
    .poll(() => panel.getByRole('status', { name: 'Engine status' }).textContent())
    .toContain('Answering with');
  await panel.getByRole('textbox', { name: 'Message' }).fill('How do I reverse a list in Python?');
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect.poll(() => panel.getByRole('article', { name: 'Inkling' }).getAttribute('data-status')).toBe('done');
  return panel;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the side panel in the ${colorScheme} theme`, async () => {
    const panel = await panelWithAnswer(colorScheme);
    const answer = panel.getByRole('article', { name: 'Inkling' });
    // The answer is rendered, not shown as markdown source.
    expect(await answer.locator('pre code').textContent()).toContain('numbers.reverse()');
    expect(await answer.getByRole('table').getByRole('row').count()).toBe(4);
    expect(await answer.getByRole('button', { name: 'Copy code' }).count()).toBe(1);
    // The metrics change from run to run; everything else must look the same.
    await expectScreenshot(panel, `sidepanel-${colorScheme}`, [answer.locator('.metrics')]);
    await panel.close();
  });
}

test('the panel can be used from the keyboard alone, with the focus visible', async () => {
  const panel = await panelWithAnswer('light');
  const focused = async () =>
    panel.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return {
        name: `${element.tagName} ${element.getAttribute('aria-label') ?? element.textContent}`,
        outline: getComputedStyle(element).outlineStyle,
      };
    });
  // Start from the top of the page.
  await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const names: string[] = [];
  for (let i = 0; i < 12; i++) {
    await panel.keyboard.press('Tab');
    const { name, outline } = await focused();
    names.push(name);
    // The first Tab brings the focus into the page itself.
    if (!name.startsWith('BODY')) expect(outline, `focus on ${name} is visible`).not.toBe('none');
  }
  for (const control of ['Conversations', 'Copy code', 'Copy answer', 'Regenerate', 'Message']) {
    expect(
      names.some((name) => name.includes(control)),
      `${control} is reached with Tab`,
    ).toBe(true);
  }
});
