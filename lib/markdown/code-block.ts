import { createCopyButton } from './copy-button';
import { createElement } from './elements';

/** Shown when the fence names no language (and for indented code). */
const DEFAULT_CODE_LABEL = 'code';
/** Info strings can be anything; the label is for people, so it stays short. */
const MAX_LABEL_LENGTH = 32;
/**
 * Chromium lays out all of a block's text again when any of it changes, so one growing text node
 * makes each delta cost the whole code block so far (measured: about 1.5 ms per write near the
 * end of a 600-line block, against under 0.1 ms in chunks). Lines therefore go into blocks of this
 * many, and only the last is laid out again. Selecting across two of them copies no extra
 * newline: each ends with its own.
 */
export const LINES_PER_CHUNK = 32;

export interface CodeBlock {
  /** Goes into the document. */
  root: HTMLElement;
  /** Holds the code; its textContent is exactly the code. */
  code: HTMLElement;
  append(text: string): void;
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

  let text: Text | undefined;
  let lines = LINES_PER_CHUNK;
  const appendLine = (piece: string) => {
    if (lines >= LINES_PER_CHUNK) {
      // Only once text follows the last full line: a chunk is never empty.
      code.append(createElement(doc, 'span', 'md-code-lines'));
      text = undefined;
      lines = 0;
    }
    if (text) text.appendData(piece);
    else text = code.lastChild!.appendChild(doc.createTextNode(piece));
    if (piece.endsWith('\n')) lines++;
  };

  return {
    root,
    code,
    append(more) {
      for (let start = 0; start < more.length; ) {
        const newline = more.indexOf('\n', start);
        const end = newline === -1 ? more.length : newline + 1;
        appendLine(more.slice(start, end));
        start = end;
      }
    },
    setLanguage(info) {
      const language = info.trim().split(/\s/, 1)[0]?.slice(0, MAX_LABEL_LENGTH);
      if (language) label.textContent = language;
    },
  };
}
