// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { scriptClick, userClick, userKey } from '../../tests/unit/page-assistant-harness';
import { ASK_LABEL, createToolbar, TOOLBAR_LABEL, type ToolbarAction } from './toolbar';

const actions: ToolbarAction[] = [
  { id: 'summarize', label: 'Summarize' },
  { id: 'explain', label: 'Explain' },
  { id: 'custom', label: 'Make a haiku' },
];
const names = (root: Element) => [...root.querySelectorAll('button')].map((button) => button.textContent);
const handlers = () => ({ onAction: vi.fn(), onAsk: vi.fn(), onClose: vi.fn() });

describe('the toolbar', () => {
  it('is a toolbar named Inkling with the actions in order, then Ask…', () => {
    const toolbar = createToolbar(document, handlers());
    toolbar.render(actions);
    expect(toolbar.element.getAttribute('role')).toBe('toolbar');
    expect(toolbar.element.getAttribute('aria-label')).toBe(TOOLBAR_LABEL);
    expect(names(toolbar.element)).toEqual(['Summarize', 'Explain', 'Make a haiku', ASK_LABEL]);
    expect([...toolbar.element.querySelectorAll('button')].every((button) => button.type === 'button')).toBe(true);
    toolbar.render([]);
    expect(names(toolbar.element)).toEqual([ASK_LABEL]);
  });

  it('acts on the user’s clicks only', () => {
    const on = handlers();
    const toolbar = createToolbar(document, on);
    toolbar.render(actions);
    const [summarize] = toolbar.element.querySelectorAll('button');
    const ask = [...toolbar.element.querySelectorAll('button')].at(-1)!;
    scriptClick(summarize!);
    scriptClick(ask);
    summarize!.click();
    expect(on.onAction).not.toHaveBeenCalled();
    expect(on.onAsk).not.toHaveBeenCalled();
    userClick(summarize!);
    userClick(ask);
    expect(on.onAction).toHaveBeenCalledWith('summarize');
    expect(on.onAsk).toHaveBeenCalledTimes(1);
  });

  it('moves between buttons with the arrow keys, and Escape closes it', () => {
    const on = handlers();
    const toolbar = createToolbar(document, on);
    toolbar.render(actions);
    document.body.append(toolbar.element);
    const buttons = [...toolbar.element.querySelectorAll('button')];
    buttons[0]!.focus();
    userKey(buttons[0]!, 'ArrowRight');
    expect(document.activeElement).toBe(buttons[1]);
    userKey(buttons[1]!, 'End');
    expect(document.activeElement).toBe(buttons.at(-1));
    userKey(buttons[1]!, 'ArrowLeft');
    expect(document.activeElement).toBe(buttons[0]);
    const fake = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    buttons[0]!.dispatchEvent(fake);
    expect(on.onClose).not.toHaveBeenCalled();
    userKey(buttons[0]!, 'Escape');
    expect(on.onClose).toHaveBeenCalledTimes(1);
    toolbar.element.remove();
  });
});
