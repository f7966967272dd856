import { button, el, onTrusted } from './dom';

export const ASK_BUTTON_LABEL = 'Ask';
export const ASK_SELECTION_INPUT_LABEL = 'Your question about the selection';
export const ASK_PAGE_INPUT_LABEL = 'Your question about this page';

/**
 * A one-line question box: Enter or the Ask button sends what was typed. Only the user's own keys
 * and clicks send.
 */
export function createAskBox(doc: Document, label: string, onQuestion: (question: string) => void) {
  const input = el(doc, 'input', {
    attrs: { type: 'text', 'aria-label': label, placeholder: label, autocomplete: 'off', spellcheck: 'true' },
  });
  const submit = () => {
    const question = input.value.trim();
    if (question) onQuestion(question);
  };
  onTrusted(input, 'keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    submit();
  });
  const ask = button(doc, ASK_BUTTON_LABEL, submit, { class: 'primary' });
  const element = el(doc, 'div', { class: 'ask' }, [input, ask]);
  return { element, input, ask };
}
