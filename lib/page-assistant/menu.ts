import { button, el } from './dom';

export const MENU_BUTTON_LABEL = 'More options';
const MENU_LABEL = 'Inkling options';
export const BLOCK_SITE_LABEL = 'Don’t show on this site';
export const HIDE_TOOLBAR_LABEL = 'Hide the toolbar everywhere';

export interface MenuItem {
  label: string;
  onChoose(): void;
}

/**
 * A menu button and its menu: opens on click (focus goes to the first item), arrow keys move,
 * Escape or a choice closes it and focus returns to the button.
 */
export function createMenu(doc: Document, items: MenuItem[]) {
  const menu = el(doc, 'div', { class: 'menu', attrs: { role: 'menu', 'aria-label': MENU_LABEL } });
  menu.hidden = true;
  const toggle = button(doc, '⋯', () => (menu.hidden ? open() : close(true)), {
    class: 'icon',
    label: MENU_BUTTON_LABEL,
    attrs: { 'aria-haspopup': 'menu', 'aria-expanded': 'false' },
  });
  const entries = items.map((item) =>
    button(
      doc,
      item.label,
      () => {
        close(true);
        item.onChoose();
      },
      { attrs: { role: 'menuitem', tabindex: '-1' } },
    ),
  );
  menu.append(...entries);

  function open() {
    menu.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    entries[0]?.focus();
  }

  function close(returnFocus: boolean) {
    if (menu.hidden) return;
    menu.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    if (returnFocus) toggle.focus();
  }

  menu.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    const index = entries.indexOf(event.target as HTMLButtonElement);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (next !== undefined) {
      event.preventDefault();
      entries[(next + entries.length) % entries.length]?.focus();
    } else if (event.key === 'Tab') {
      close(false);
    }
  });

  return {
    toggle,
    menu,
    get isOpen() {
      return !menu.hidden;
    },
    close,
  };
}
