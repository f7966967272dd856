import type { ToFrame } from '../contracts/page';
import { button, el } from './dom';

export const TOOLBAR_LABEL = 'Inkling';
export const ASK_LABEL = 'Ask…';

export type ToolbarAction = Extract<ToFrame, { type: 'toolbar' }>['actions'][number];

export interface ToolbarHandlers {
  onAction(actionId: string): void;
  onAsk(): void;
  /** Escape: the toolbar goes, focus back to the page. */
  onClose(): void;
}

/** The small row of buttons next to a selection: the user's quick actions, then "Ask…". */
export function createToolbar(doc: Document, handlers: ToolbarHandlers) {
  const element = el(doc, 'div', {
    class: 'toolbar',
    attrs: { role: 'toolbar', 'aria-label': TOOLBAR_LABEL, 'aria-orientation': 'horizontal' },
  });
  // Arrow keys move between the buttons, as in any toolbar.
  element.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      return handlers.onClose();
    }
    const buttons = [...element.querySelectorAll('button')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index === -1) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[(next + buttons.length) % buttons.length]?.focus();
  });

  return {
    element,
    /** Builds the buttons; the background sends the actions with each selection. */
    render(actions: readonly ToolbarAction[]) {
      element.replaceChildren(
        ...actions.map((action) => button(doc, action.label, () => handlers.onAction(action.id))),
        button(doc, ASK_LABEL, () => handlers.onAsk()),
      );
    },
  };
}

export type Toolbar = ReturnType<typeof createToolbar>;
