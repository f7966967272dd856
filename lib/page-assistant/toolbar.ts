import type { QuickAction } from '../settings/settings';
import { button, el } from './dom';
import { applyPlacement, placeNear, type Size } from './position';
import type { RectLike } from './selection';

export const TOOLBAR_LABEL = 'Inkling';
export const ASK_LABEL = 'Ask…';

export interface ToolbarHandlers {
  onAction(action: QuickAction): void;
  onAsk(): void;
}

/** The quick actions the toolbar shows: the user's, in their order, without the hidden ones. */
export function visibleActions(actions: readonly QuickAction[]): QuickAction[] {
  return actions.filter((action) => !action.hidden);
}

/**
 * The small row of buttons next to a selection. It never takes focus or the page's selection away:
 * pressing a button does not move either (mousedown's default is prevented).
 */
export function createToolbar(doc: Document, handlers: ToolbarHandlers) {
  const element = el(doc, 'div', {
    class: 'toolbar',
    attrs: { role: 'toolbar', 'aria-label': TOOLBAR_LABEL, 'aria-orientation': 'horizontal' },
  });
  element.hidden = true;
  element.addEventListener('mousedown', (event) => event.preventDefault());
  // Arrow keys move between the buttons, as in any toolbar.
  element.addEventListener('keydown', (event) => {
    const buttons = [...element.querySelectorAll('button')];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index === -1 || !event.isTrusted) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[(next + buttons.length) % buttons.length]?.focus();
  });

  return {
    element,
    /** Builds the buttons from the quick actions; call again when the settings change. */
    render(actions: readonly QuickAction[]) {
      element.replaceChildren(
        ...visibleActions(actions).map((action) => button(doc, action.label, () => handlers.onAction(action))),
        button(doc, ASK_LABEL, () => handlers.onAsk()),
      );
    },
    show(anchor: RectLike, viewport: Size) {
      element.hidden = false;
      const box = element.getBoundingClientRect();
      applyPlacement(element, placeNear(anchor, { width: box.width, height: box.height }, viewport, 'above'), false);
    },
    hide() {
      element.hidden = true;
    },
    get shown() {
      return !element.hidden;
    },
  };
}

export type Toolbar = ReturnType<typeof createToolbar>;
