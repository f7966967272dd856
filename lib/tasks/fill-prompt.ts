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
