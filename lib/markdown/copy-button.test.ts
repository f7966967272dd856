// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COPY_FEEDBACK_MS } from '../ui/copy-feedback';
import { COPIED_LABEL, COPY_FAILED_MESSAGE, COPY_LABEL } from './copy-button';
import { streamInto } from '../../tests/unit/markdown-harness';

function stubClipboard(clipboard: Partial<Clipboard> | undefined) {
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

function codeBlock(markdown: string, end = true) {
  const md = streamInto(Infinity);
  md.write(markdown);
  if (end) md.end();
  const block = md.container.querySelector('.md-code')!;
  return {
    md,
    button: block.querySelector('button')!,
    status: block.querySelector('[role="status"]')!,
  };
}

describe('the Copy button of a code block', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else Reflect.deleteProperty(navigator, 'clipboard');
  });

  it('is a real button named for what it does', () => {
    const { button, status } = codeBlock('```js\nconsole.log(1)\n```\n');
    expect(button.localName).toBe('button');
    expect(button.type).toBe('button');
    expect(button.textContent).toBe(COPY_LABEL);
    expect(status.textContent).toBe('');
  });

  it("writes the code's text to the clipboard and says so for a moment", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    stubClipboard({ writeText });
    const { button } = codeBlock('```js\nconst a = 1;\n\nconsole.log(a)\n```\n');
    button.click();
    await vi.waitFor(() => expect(button.textContent).toBe(COPIED_LABEL));
    expect(writeText).toHaveBeenCalledWith('const a = 1;\n\nconsole.log(a)');
    vi.advanceTimersByTime(COPY_FEEDBACK_MS);
    expect(button.textContent).toBe(COPY_LABEL);
  });

  it('copies what has streamed so far while the answer is still being written', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    stubClipboard({ writeText });
    const { button, md } = codeBlock('```py\nprint(1)\nprint(2)\n', false);
    button.click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('print(1)\nprint(2)'));
    md.write('```\n');
    md.end();
  });

  it('shows a plain message when the clipboard refuses, and does not throw', async () => {
    stubClipboard({
      writeText: vi.fn().mockRejectedValue(new DOMException('Document is not focused.', 'NotAllowedError')),
    });
    const { button, status } = codeBlock('```\nx\n```\n');
    button.click();
    await vi.waitFor(() => expect(status.textContent).toBe(COPY_FAILED_MESSAGE));
    expect(button.textContent).toBe(COPY_LABEL);
    vi.advanceTimersByTime(COPY_FEEDBACK_MS * 2);
    expect(status.textContent).toBe('');
  });

  it('shows the same message where there is no clipboard at all', async () => {
    stubClipboard(undefined);
    const { button, status } = codeBlock('```\nx\n```\n');
    button.click();
    await vi.waitFor(() => expect(status.textContent).toBe(COPY_FAILED_MESSAGE));
  });

  it('shows the message when writing throws before it even starts', async () => {
    stubClipboard({
      writeText: () => {
        throw new TypeError('Illegal invocation');
      },
    });
    const { button, status } = codeBlock('```\nx\n```\n');
    button.click();
    await vi.waitFor(() => expect(status.textContent).toBe(COPY_FAILED_MESSAGE));
  });

  it('keeps "Copied" for its full time after a second click', async () => {
    stubClipboard({ writeText: vi.fn().mockResolvedValue(undefined) });
    const { button } = codeBlock('```\nx\n```\n');
    button.click();
    await vi.waitFor(() => expect(button.textContent).toBe(COPIED_LABEL));
    vi.advanceTimersByTime(COPY_FEEDBACK_MS - 100);
    button.click();
    await vi.advanceTimersByTimeAsync(200);
    expect(button.textContent).toBe(COPIED_LABEL);
    vi.advanceTimersByTime(COPY_FEEDBACK_MS);
    expect(button.textContent).toBe(COPY_LABEL);
  });
});
