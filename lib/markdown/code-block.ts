import { createCopyButton } from './copy-button';
import { createElement } from './elements';

/** Shown when the fence names no language (and for indented code). */
export const DEFAULT_CODE_LABEL = 'code';
/** Info strings can be anything; the label is for people, so it stays short. */
const MAX_LABEL_LENGTH = 32;

export interface CodeBlock {
  /** Goes into the document. */
  root: HTMLElement;
  /** Receives the code's text as it streams. */
  code: HTMLElement;
  setLanguage(info: string): void;
}

/**
 * A code block with a bar above it: the language and a Copy button. The bar is built before any
 * code arrives, so it never moves the code once text is there, and it is not selectable, so
 * selecting the answer does not copy "Copy code" along with it.
 */
export function createCodeBlock(doc: Document): CodeBlock {
  const root = createElement(doc, 'div', 'md-code');
  const bar = createElement(doc, 'div', 'md-code-bar');
  const label = createElement(doc, 'span', 'md-code-lang');
  label.textContent = DEFAULT_CODE_LABEL;
  const pre = createElement(doc, 'pre');
  const code = createElement(doc, 'code');
  const { button, status } = createCopyButton(doc, () => code.textContent ?? '');
  bar.append(label, status, button);
  pre.append(code);
  root.append(bar, pre);
  return {
    root,
    code,
    setLanguage(info) {
      const language = info.trim().split(/\s/, 1)[0]?.slice(0, MAX_LABEL_LENGTH);
      if (!language) return;
      label.textContent = language;
    },
  };
}
