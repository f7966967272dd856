/** Elements whose text is never translated: code, fields, scripts and the like. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'CODE',
  'PRE',
  'KBD',
  'SAMP',
  'VAR',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'SVG',
  'MATH',
  'CANVAS',
  'IFRAME',
  'OBJECT',
]);

/** Elements that make a paragraph of their own: the unit that is translated together, in context. */
const BLOCKS = new Set([
  'P',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'TD',
  'TH',
  'DT',
  'DD',
  'BLOCKQUOTE',
  'FIGCAPTION',
  'CAPTION',
  'SUMMARY',
  'LEGEND',
  'LABEL',
  'BUTTON',
  'DIV',
  'SECTION',
  'ARTICLE',
  'ASIDE',
  'HEADER',
  'FOOTER',
  'NAV',
  'MAIN',
  'ADDRESS',
  'BODY',
]);

/** A paragraph to translate: its element and its text nodes, each translated in place. */
export interface TextBlock {
  element: Element;
  nodes: Text[];
}

function isSkipped(element: Element, excluded: (node: Node) => boolean): boolean {
  for (let current: Element | null = element; current; current = current.parentElement) {
    if (SKIPPED.has(current.tagName.toUpperCase()) || excluded(current)) return true;
    if (current.getAttribute('translate') === 'no' || current.classList.contains('notranslate')) return true;
    if ((current as HTMLElement).isContentEditable) return true;
    const editable = current.getAttribute('contenteditable');
    if (editable !== null && editable.toLowerCase() !== 'false') return true;
  }
  return false;
}

const blockOf = (element: Element): Element => {
  for (let current: Element | null = element; current; current = current.parentElement) {
    if (BLOCKS.has(current.tagName.toUpperCase())) return current;
  }
  return element;
};

/**
 * The text under `root` in paragraphs, in reading order: each text node with words in it goes to
 * its nearest block element, so that inline links and formatting keep their own nodes. Text in
 * code, fields, editable content and `translate="no"` stays as it is; `excluded` leaves out more
 * (Inkling's own nodes, what is already translated).
 */
export function collectBlocks(root: Node, excluded: (node: Node) => boolean = () => false): TextBlock[] {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const blocks = new Map<Element, TextBlock>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const parent = text.parentElement;
    if (!parent || !/\p{L}/u.test(text.data) || excluded(text) || isSkipped(parent, excluded)) continue;
    const element = blockOf(parent);
    const block = blocks.get(element) ?? { element, nodes: [] };
    block.nodes.push(text);
    blocks.set(element, block);
  }
  return [...blocks.values()];
}

/** A text's words without the spaces around them, and the spaces, to put back after translation. */
export function splitSpaces(text: string): { lead: string; words: string; trail: string } {
  const lead = /^\s*/.exec(text)![0];
  const trail = /\s*$/.exec(text.slice(lead.length))![0];
  return { lead, words: text.slice(lead.length, text.length - trail.length), trail };
}
