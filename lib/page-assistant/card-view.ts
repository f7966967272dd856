import { button, el } from './dom';
import { BLOCK_SITE_LABEL, createMenu, HIDE_TOOLBAR_LABEL } from './menu';

export const CARD_LABEL = 'Inkling answer';
export const ANSWER_LABEL = 'Answer';
export const STOP_LABEL = 'Stop';
export const COPY_LABEL = 'Copy';
export const CONTINUE_LABEL = 'Continue in side panel';
export const CLOSE_LABEL = 'Close';

export interface CardActions {
  onBlockSite(): void;
  onHideToolbar(): void;
  onClose(): void;
  onStop(): void;
  onCopy(): void;
  onContinue(): void;
}

/** The card's elements: a dialog with a title, a menu, a question slot, the answer and its buttons. */
export function createCardView(doc: Document, actions: CardActions) {
  const menu = createMenu(doc, [
    { label: BLOCK_SITE_LABEL, onChoose: actions.onBlockSite },
    { label: HIDE_TOOLBAR_LABEL, onChoose: actions.onHideToolbar },
  ]);
  const title = el(doc, 'h2', { class: 'title' });
  const close = button(doc, '×', actions.onClose, { class: 'icon', label: CLOSE_LABEL });
  const head = el(doc, 'div', { class: 'head' }, [title, menu.toggle, close, menu.menu]);
  const askSlot = el(doc, 'div');
  const status = el(doc, 'div', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const newAnswer = () => el(doc, 'div', { class: 'answer', attrs: { role: 'region', 'aria-label': ANSWER_LABEL } });
  let answer = newAnswer();
  const error = el(doc, 'div', { class: 'error', attrs: { role: 'alert' } });
  const metrics = el(doc, 'div', { class: 'metrics' });
  const stop = button(doc, STOP_LABEL, actions.onStop);
  const copy = button(doc, COPY_LABEL, actions.onCopy);
  const continueInPanel = button(doc, CONTINUE_LABEL, actions.onContinue);
  const foot = el(doc, 'div', { class: 'foot' }, [stop, copy, continueInPanel]);
  const parts = [head, askSlot, status, answer, error, metrics, foot];
  const attrs = { role: 'dialog', 'aria-label': CARD_LABEL, tabindex: '-1' };
  const element = el(doc, 'div', { class: 'card', attrs }, parts);
  // A press anywhere else in the card closes its menu.
  element.addEventListener('mousedown', (event) => {
    if (menu.isOpen && !menu.menu.contains(event.target as Node) && event.target !== menu.toggle) menu.close(false);
  });
  element.addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.key !== 'Escape') return;
    event.preventDefault();
    if (menu.isOpen) menu.close(true);
    else actions.onClose();
  });

  return {
    element,
    title,
    askSlot,
    status,
    error,
    metrics,
    stop,
    copy,
    continueInPanel,
    foot,
    get answer() {
      return answer;
    },
    /** Replaces the answer area with an empty one: a new answer never mixes with the old one's nodes. */
    freshAnswer(): HTMLElement {
      const next = newAnswer();
      answer.replaceWith(next);
      answer = next;
      return next;
    },
  };
}
