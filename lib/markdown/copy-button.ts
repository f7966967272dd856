import { writeClipboard } from '../ui/clipboard';
import { createCopyAction } from '../ui/copy-feedback';
import { createElement } from './elements';

export const COPY_LABEL = 'Copy code';
export const COPIED_LABEL = 'Copied';
export const COPY_FAILED_MESSAGE = "Couldn't copy. Select the code and copy it instead.";

/** A button that copies what `readText` returns when clicked, and a status line that says when it could not. */
export function createCopyButton(doc: Document, readText: () => string) {
  const button = createElement(doc, 'button', 'md-copy');
  button.type = 'button';
  button.textContent = COPY_LABEL;
  const status = createElement(doc, 'span', 'md-code-status');
  status.setAttribute('role', 'status');
  const action = createCopyAction(
    (text) => writeClipboard(doc, text),
    (state) => {
      if (state === 'idle') delete button.dataset.state;
      else button.dataset.state = state;
      button.textContent = state === 'copied' ? COPIED_LABEL : COPY_LABEL;
      status.textContent = state === 'failed' ? COPY_FAILED_MESSAGE : '';
    },
  );
  button.addEventListener('click', () => void action.copy(readText()));
  return { button, status };
}
