/** A rectangle in viewport coordinates (a DOMRect, or one made up in tests). */
export interface RectLike {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface SelectedText {
  text: string;
  /** A copy of the selection's range, to find where it is after a scroll. */
  range: Range;
  rect: RectLike;
}

/** Inputs whose text the toolbar never offers to send: every kind, including password fields. */
const FIELD_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The element itself, or a text node's parent. */
function elementOf(node: Node | null): Element | null {
  if (!node) return null;
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

/** The next element up, crossing out of a shadow root to its host. */
function parentAcrossShadow(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  return root && 'host' in root ? ((root as ShadowRoot).host ?? null) : null;
}

/** True inside an input, textarea, select, password field or editable content (including designMode). */
export function isInEditable(node: Node | null): boolean {
  let element = elementOf(node);
  if (element?.ownerDocument?.designMode === 'on') return true;
  for (; element; element = parentAcrossShadow(element)) {
    if (FIELD_TAGS.has(element.tagName.toUpperCase())) return true;
    if ((element as HTMLElement).isContentEditable === true) return true;
    const editable = element.getAttribute('contenteditable');
    if (editable !== null && editable.toLowerCase() !== 'false') return true;
  }
  return false;
}

/** The focused element, looking into open shadow roots. */
function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * The page's selected text and where it is, or undefined when the toolbar must not appear: nothing
 * or only whitespace selected, a selection in a text field, editable content or a password field
 * (Chrome reports a field's selection on the field's parent, hence the focus check), or in Inkling's
 * own UI.
 */
export function readSelection(doc: Document, isOwnUi: (node: Node) => boolean): SelectedText | undefined {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const text = selection.toString();
  if (!text.trim()) return undefined;
  const range = selection.getRangeAt(0);
  const nodes = [selection.anchorNode, selection.focusNode, range.commonAncestorContainer];
  if (nodes.some((node) => node && (isOwnUi(node) || isInEditable(node)))) return undefined;
  const active = deepActiveElement(doc);
  if (active && active !== doc.body && (isOwnUi(active) || isInEditable(active))) return undefined;
  const copy = range.cloneRange();
  return { text, range: copy, rect: rangeRect(copy) };
}

/** What the card stands next to, and follows on scroll: a selection, a text field. */
export interface Anchor {
  rect(): RectLike;
  /** A selection's range, given back to the page when the card closes. */
  range?: Range;
}

/** A selection as the card's anchor: where its range is now, or where it was if that is gone. */
export function selectionAnchor(selection: SelectedText): Anchor {
  return {
    range: selection.range,
    rect() {
      const rect = rangeRect(selection.range);
      return rect.width > 0 || rect.height > 0 ? rect : selection.rect;
    },
  };
}

/** The range's bounding rectangle, or its last line's when Chrome gives an empty bounding box. */
export function rangeRect(range: Range): RectLike {
  const rect = range.getBoundingClientRect();
  if (rect.width > 0 || rect.height > 0) return rect;
  const rects = range.getClientRects();
  return rects.length > 0 ? rects[rects.length - 1]! : rect;
}
