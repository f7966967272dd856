import { plainChar } from '../context/verify-quote';

/** The name of the CSS highlight a shown quote is painted with. */
export const QUOTE_HIGHLIGHT = 'inkling-quote';

/**
 * Finds `quote` in the page's text and paints it with the CSS Custom Highlight API (nothing in the
 * page's DOM changes), then scrolls it into view. Whitespace is ignored and typographic quotes count
 * as plain ones, as when the quote was checked: the page's text nodes need not break where the
 * read text did. False when the words are not in the page as it is now.
 */
export function showQuote(doc: Document, quote: string): boolean {
  const chars: { node: Text; offset: number }[] = [];
  let text = '';
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const parent = node.parentElement;
    if (parent?.closest('script, style, noscript')) continue;
    for (let offset = 0; offset < node.data.length; offset++) {
      const char = node.data[offset]!;
      if (/\s/.test(char)) continue;
      text += plainChar(char);
      chars.push({ node, offset });
    }
  }
  const wanted = [...quote.replace(/\s+/g, '')].map(plainChar).join('');
  const at = wanted ? text.indexOf(wanted) : -1;
  if (at === -1) return false;
  const first = chars[at]!;
  const last = chars[at + wanted.length - 1]!;
  const range = doc.createRange();
  range.setStart(first.node, first.offset);
  range.setEnd(last.node, last.offset + 1);
  paint(doc, range);
  first.node.parentElement?.scrollIntoView({ block: 'center' });
  return true;
}

function paint(doc: Document, range: Range) {
  const win = doc.defaultView as (Window & { CSS: typeof CSS; Highlight: typeof Highlight }) | null;
  if (!win?.CSS.highlights) return;
  win.CSS.highlights.set(QUOTE_HIGHLIGHT, new win.Highlight(range));
  if (doc.getElementById(QUOTE_HIGHLIGHT)) return;
  const style = doc.createElement('style');
  style.id = QUOTE_HIGHLIGHT;
  style.textContent = `::highlight(${QUOTE_HIGHLIGHT}) { background: #ffe066; color: #111; }`;
  doc.head.append(style);
}
