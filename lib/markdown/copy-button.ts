import { createElement } from './elements';

export const COPY_LABEL = 'Copy code';
export const COPIED_LABEL = 'Copied';
export const COPY_FAILED_MESSAGE = "Couldn't copy. Select the code and copy it instead.";
/** Long enough to be noticed, short enough that the button is ready for the next copy. */
export const FEEDBACK_MS = 2000;

/**
 * A button that copies what `readText` returns when clicked, and a status line that says when it
 * could not. The clipboard may be missing (an http: page) or refuse (no permission, no focus): that
 * is shown, never thrown, because the click handler has nobody to throw to.
 */
export function createCopyButton(doc: Document, readText: () => string) {
  const button = createElement(doc, 'button', 'md-copy');
  button.type = 'button';
  button.textContent = COPY_LABEL;
  const status = createElement(doc, 'span', 'md-code-status');
  status.setAttribute('role', 'status');
  let reset: ReturnType<typeof setTimeout> | undefined;

  const show = (state: 'copied' | 'failed') => {
    button.dataset.state = state;
    button.textContent = state === 'copied' ? COPIED_LABEL : COPY_LABEL;
    status.textContent = state === 'copied' ? '' : COPY_FAILED_MESSAGE;
    clearTimeout(reset);
    reset = setTimeout(
      () => {
        delete button.dataset.state;
        button.textContent = COPY_LABEL;
        status.textContent = '';
      },
      state === 'copied' ? FEEDBACK_MS : FEEDBACK_MS * 2,
    );
  };

  const copy = async () => {
    try {
      const clipboard = (doc.defaultView ?? globalThis).navigator?.clipboard;
      if (!clipboard) throw new Error('No clipboard here');
      await clipboard.writeText(readText());
      show('copied');
    } catch {
      show('failed');
    }
  };

  button.addEventListener('click', () => void copy());
  return { button, status };
}
