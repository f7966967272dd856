import * as smd from 'streaming-markdown';
import { createCodeBlock, type CodeBlock } from './code-block';
import { openerOf } from './delimiters';
import { createElement, type AllowedTag } from './elements';
import { placeRow, type TableParts } from './tables';

/** One open token: where its content goes, and what it needs to settle when it ends. */
export interface Frame {
  token: number;
  /** The node placed in the parent (a wrapper for code blocks and tables); undefined for a token with no element. */
  outer: ChildNode | undefined;
  /** Where children and text go. */
  element: HTMLElement;
  /** The last text node made here: text is appended to it while nothing has been added after it. */
  text?: Text;
  /** A cell or item made for content smd puts straight into a table, a row or a list. */
  stray?: HTMLElement;
  /** The delimiter to put back if an inline token turns out unclosed. */
  opener?: string;
  /** A link or image whose destination arrived, safe or not. */
  hasDestination?: boolean;
  /** A destination with more "(" than ")": smd ended it at a ")" that was probably its own. */
  unbalanced?: string;
  code?: CodeBlock;
  table?: TableParts;
  headerRow?: boolean;
}

/** What making a token's element needs to know of the renderer around it. */
export interface FrameContext {
  doc: Document;
  parser: smd.Parser;
  /** Whether a link is open: an image inside one is only its alt text. */
  insideLink(): boolean;
  /** Where text of the parent goes, for a token with no element of its own. */
  textContainer(): HTMLElement;
}

const INLINE_SPANS: Partial<Record<number, AllowedTag>> = {
  [smd.ITALIC_AST]: 'em',
  [smd.ITALIC_UND]: 'em',
  [smd.STRONG_AST]: 'strong',
  [smd.STRONG_UND]: 'strong',
  [smd.STRIKE]: 'del',
  [smd.CODE_INLINE]: 'code',
};

/** The element a token opens, and the frame that tracks it until it ends. */
export function createFrame(token: number, parent: Frame, context: FrameContext): Frame {
  const { doc, parser } = context;
  const element = (tag: AllowedTag, className?: string): Frame => {
    const made = createElement(doc, tag, className);
    return { token, outer: made, element: made };
  };
  const heading = smd.heading_to_level(token as smd.Token);
  if (heading) return element(`h${heading}` as AllowedTag);
  const span = INLINE_SPANS[token];
  if (span) return { ...element(span), opener: openerOf(token, parser) };
  switch (token) {
    case smd.PARAGRAPH:
      return element('p');
    case smd.BLOCKQUOTE:
      return element('blockquote');
    case smd.CODE_BLOCK:
    case smd.CODE_FENCE: {
      const code = createCodeBlock(doc);
      return { token, outer: code.root, element: code.code, code };
    }
    case smd.LINK:
    case smd.RAW_URL:
      return element('a');
    case smd.IMAGE:
      // Shown as a link to the image, never loaded; inside a link it is only its alt text.
      return element(context.insideLink() ? 'span' : 'a', 'md-image');
    case smd.LIST_UNORDERED:
      return element('ul');
    case smd.LIST_ORDERED:
      return element('ol');
    case smd.LIST_ITEM:
      return element('li');
    case smd.CHECKBOX: {
      const frame = element('input');
      const box = frame.element as HTMLInputElement;
      box.type = 'checkbox';
      box.disabled = true;
      parent.element.classList.add('md-task');
      return frame;
    }
    case smd.TABLE: {
      const wrapper = createElement(doc, 'div', 'md-table');
      const table = wrapper.appendChild(createElement(doc, 'table'));
      return { token, outer: wrapper, element: table, table: { table } };
    }
    case smd.TABLE_ROW: {
      const tr = createElement(doc, 'tr');
      // Placed by the table itself (head or body); only a row outside a table is placed as usual.
      if (!parent.table) return { token, outer: tr, element: tr };
      return { token, outer: undefined, element: tr, headerRow: placeRow(doc, parent.table, tr) };
    }
    case smd.TABLE_CELL:
      return element(parent.headerRow ? 'th' : 'td');
    case smd.LINE_BREAK:
      return element('br');
    case smd.RULE:
      return element('hr');
    case smd.EQUATION_BLOCK:
      return { ...element('div', 'md-math'), opener: openerOf(token, parser) };
    case smd.EQUATION_INLINE:
      return { ...element('span', 'md-math'), opener: openerOf(token, parser) };
    default:
      // A token this version does not know: its content joins the parent's.
      return { token, outer: undefined, element: context.textContainer() };
  }
}
