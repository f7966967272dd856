import { WRITING_TOOLS, type WritingTool } from '../contracts/writing';
import type { Settings } from '../settings/settings';

type MenuContext = 'selection' | 'page' | 'action' | 'editable';

export interface MenuItem {
  id: string;
  title: string;
  contexts: [MenuContext, ...MenuContext[]];
  parentId?: string;
}

export const MENU_ROOT = 'inkling';
export const SUMMARIZE_PAGE = 'summarize-page';
export const TRANSLATE_PAGE = 'translate-page';
const ACTION_PREFIX = 'action:';
const WRITING_PREFIX = 'writing:';
const WRITING_TITLES = { proofread: 'Proofread', rewrite: 'Rewrite…', write: 'Write…' } as const;

/** The context-menu items for the settings: the visible quick actions on a selection, and the page summary. */
export function menuItems(settings: Pick<Settings, 'quickActions'>): MenuItem[] {
  return [
    { id: MENU_ROOT, title: 'Inkling', contexts: ['selection', 'page', 'editable'] },
    // In a text field: the writing tools, for the field's text or its selection.
    ...WRITING_TOOLS.map(
      (tool): MenuItem => ({
        id: `${WRITING_PREFIX}${tool}`,
        title: WRITING_TITLES[tool],
        contexts: ['editable'],
        parentId: MENU_ROOT,
      }),
    ),
    ...settings.quickActions
      .filter((action) => !action.hidden)
      .map(
        (action): MenuItem => ({
          id: `${ACTION_PREFIX}${action.id}`,
          title: action.label,
          contexts: ['selection'],
          parentId: MENU_ROOT,
        }),
      ),
    { id: SUMMARIZE_PAGE, title: 'Summarize this page', contexts: ['page'], parentId: MENU_ROOT },
    { id: TRANSLATE_PAGE, title: 'Translate this page', contexts: ['page'], parentId: MENU_ROOT },
    // The toolbar icon's own menu: the page's tasks without looking for a blank spot on the page.
    { id: `${SUMMARIZE_PAGE}:action`, title: 'Summarize this page', contexts: ['action'] },
    { id: `${TRANSLATE_PAGE}:action`, title: 'Translate this page', contexts: ['action'] },
  ];
}

/** The quick action a menu item stands for, if it is one. */
export function actionIdOf(menuItemId: string | number): string | undefined {
  const id = String(menuItemId);
  return id.startsWith(ACTION_PREFIX) ? id.slice(ACTION_PREFIX.length) : undefined;
}

export function isSummarizePage(menuItemId: string | number): boolean {
  return String(menuItemId).startsWith(SUMMARIZE_PAGE);
}

/** The writing tool a menu item stands for, if it is one. */
export function writingToolOf(menuItemId: string | number): WritingTool | undefined {
  const id = String(menuItemId);
  const tool = id.slice(WRITING_PREFIX.length) as WritingTool;
  return id.startsWith(WRITING_PREFIX) && WRITING_TOOLS.includes(tool) ? tool : undefined;
}

export function isTranslatePage(menuItemId: string | number): boolean {
  return String(menuItemId).startsWith(TRANSLATE_PAGE);
}
