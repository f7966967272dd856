import type { PromptTask } from '../contracts/task';
import type { QuickAction } from '../settings/settings';

/**
 * A quick action's prompt with the selected text in place of `{text}` and the browser's language in
 * place of `{language}`. The text goes in once, verbatim: a `{text}` inside the selection stays text.
 */
export function fillPrompt(action: Pick<QuickAction, 'prompt'>, text: string, language: string): string {
  return action.prompt.replaceAll('{language}', languageName(language)).replace(/\{text\}/g, () => text);
}

/** "de-CH" → "German", in English (the prompt's language); the code itself when the name is unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The quick action with this id is a summary: long text is summarized in parts first. */
export const SUMMARIZE_ACTION_ID = 'summarize';
/** The quick action with this id translates into the browser's language. */
export const TRANSLATE_ACTION_ID = 'translate';

/** A quick action on a text (a selection), as the background answers it. */
export function quickActionTask(action: QuickAction, text: string): PromptTask {
  return {
    kind: 'prompt',
    label: action.label,
    quote: text,
    template: action.prompt,
    summary: action.id === SUMMARIZE_ACTION_ID,
    ...(action.id === TRANSLATE_ACTION_ID && { translation: true }),
  };
}
