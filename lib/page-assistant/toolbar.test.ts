// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_QUICK_ACTIONS, type QuickAction } from '../settings/settings';
import { scriptClick, userClick, userKey } from '../../tests/unit/page-assistant-harness';
import { ASK_LABEL, createToolbar, TOOLBAR_LABEL, visibleActions } from './toolbar';

const actions: QuickAction[] = [
  ...DEFAULT_QUICK_ACTIONS,
  { id: 'custom', label: 'Make a haiku', prompt: 'A haiku about {text}', hidden: false },
  { id: 'secret', label: 'Hidden one', prompt: 'x {text}', hidden: true },
];
const names = (root: Element) => [...root.querySelectorAll('button')].map((button) => button.textContent);

describe('the toolbar', () => {
  it('is a toolbar named Inkling with the visible actions in order, then Ask…', () => {
    const toolbar = createToolbar(document, { onAction: vi.fn(), onAsk: vi.fn() });
    toolbar.render(actions);
    expect(toolbar.element.getAttribute('role')).toBe('toolbar');
    expect(toolbar.element.getAttribute('aria-label')).toBe(TOOLBAR_LABEL);
    expect(names(toolbar.element)).toEqual([
      'Summarize',
      'Explain',
      'Rewrite (simpler)',
      'Translate',
      'Make a haiku',
      ASK_LABEL,
    ]);
    expect([...toolbar.element.querySelectorAll('button')].every((button) => button.type === 'button')).toBe(true);
  });

  it('leaves hidden actions out, and follows the settings when rendered again', () => {
    const toolbar = createToolbar(document, { onAction: vi.fn(), onAsk: vi.fn() });
    toolbar.render(actions.map((action) => (action.id === 'explain' ? { ...action, hidden: true } : action)));
    expect(names(toolbar.element)).not.toContain('Explain');
    expect(names(toolbar.element)).not.toContain('Hidden one');
    toolbar.render([]);
    expect(names(toolbar.element)).toEqual([ASK_LABEL]);
    expect(visibleActions(actions).map((action) => action.id)).not.toContain('secret');
  });

  it('acts on the user’s clicks only', () => {
    const onAction = vi.fn();
    const onAsk = vi.fn();
    const toolbar = createToolbar(document, { onAction, onAsk });
    toolbar.render(actions);
    const [summarize] = toolbar.element.querySelectorAll('button');
    const ask = [...toolbar.element.querySelectorAll('button')].at(-1)!;
    scriptClick(summarize!);
    scriptClick(ask);
    summarize!.click();
    expect(onAction).not.toHaveBeenCalled();
    expect(onAsk).not.toHaveBeenCalled();
    userClick(summarize!);
    userClick(ask);
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ id: 'summarize' }));
    expect(onAsk).toHaveBeenCalledTimes(1);
  });

  it('keeps the page’s selection when pressed, and moves between buttons with the arrow keys', () => {
    const toolbar = createToolbar(document, { onAction: vi.fn(), onAsk: vi.fn() });
    toolbar.render(DEFAULT_QUICK_ACTIONS);
    document.body.append(toolbar.element);
    const buttons = [...toolbar.element.querySelectorAll('button')];
    const mousedown = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    buttons[0]!.dispatchEvent(mousedown);
    expect(mousedown.defaultPrevented).toBe(true);
    buttons[0]!.focus();
    userKey(buttons[0]!, 'ArrowRight');
    expect(document.activeElement).toBe(buttons[1]);
    userKey(buttons[1]!, 'End');
    expect(document.activeElement).toBe(buttons.at(-1));
    toolbar.element.remove();
  });

  it('shows and hides', () => {
    const toolbar = createToolbar(document, { onAction: vi.fn(), onAsk: vi.fn() });
    expect(toolbar.shown).toBe(false);
    toolbar.show({ left: 10, top: 100, width: 50, height: 20 }, { width: 800, height: 600 });
    expect(toolbar.shown).toBe(true);
    expect(toolbar.element.style.left).not.toBe('');
    toolbar.hide();
    expect(toolbar.shown).toBe(false);
  });
});
