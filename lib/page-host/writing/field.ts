import type { FieldEdit } from '../../contracts/writing';

/** A text field the writing tools work in: a textarea, a one-line text input, or editable content. */
export type WritingField = HTMLTextAreaElement | HTMLInputElement | HTMLElement;

const TEXT_INPUTS = new Set(['text', 'search', 'url', 'email', '']);
const BREAKING = new Set(['DIV', 'P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR']);

const isTextControl = (element: Element): element is HTMLTextAreaElement | HTMLInputElement =>
  element.tagName === 'TEXTAREA' ||
  (element.tagName === 'INPUT' && TEXT_INPUTS.has((element as HTMLInputElement).type.toLowerCase()));

/**
 * The field that has focus, if the writing tools may work in it: never a password field (or any
 * input that is not text), and for editable content its outermost editable element.
 */
export function focusedField(doc: Document): WritingField | undefined {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active || active === doc.body) return doc.designMode === 'on' ? doc.body : undefined;
  if (active.tagName === 'INPUT' || active.tagName === 'TEXTAREA') {
    const control = active as HTMLInputElement;
    return isTextControl(active) && !control.readOnly && !control.disabled ? control : undefined;
  }
  let root = active as HTMLElement;
  if (!root.isContentEditable) return undefined;
  while (root.parentElement?.isContentEditable) root = root.parentElement;
  return root;
}

interface Piece {
  /** The text node it is, or none for a line break the field shows between blocks. */
  node?: Text;
  start: number;
  text: string;
}

/** Editable content as text, with a line break for each <br> and between blocks, and where each piece is. */
function pieces(root: HTMLElement): Piece[] {
  const result: Piece[] = [];
  let offset = 0;
  const push = (piece: Omit<Piece, 'start'>) => {
    result.push({ ...piece, start: offset });
    offset += piece.text.length;
  };
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) push({ node: child as Text, text: (child as Text).data });
      else if (child.nodeName === 'BR') push({ text: '\n' });
      else if (child.nodeType === 1) {
        if (BREAKING.has(child.nodeName) && offset > 0 && !result.at(-1)?.text.endsWith('\n')) push({ text: '\n' });
        walk(child);
      }
    }
  };
  walk(root);
  return result;
}

/** The field's text, as the writing tools see it and as offsets into it count. */
export function fieldText(field: WritingField): string {
  if (isTextControl(field)) return field.value;
  return pieces(field)
    .map((piece) => piece.text)
    .join('');
}

/** Where the field's selection is, as offsets into its text (the caret: start = end). */
export function fieldSelection(field: WritingField): { start: number; end: number } {
  if (isTextControl(field)) return { start: field.selectionStart ?? 0, end: field.selectionEnd ?? 0 };
  const selection = field.ownerDocument.getSelection();
  const range = selection?.rangeCount ? selection.getRangeAt(0) : undefined;
  const all = pieces(field);
  const offsetOf = (container: Node, offset: number) => {
    const piece = all.find((candidate) => candidate.node === container);
    return piece ? piece.start + offset : fieldText(field).length;
  };
  if (!range || !field.contains(range.startContainer)) return { start: 0, end: 0 };
  return {
    start: offsetOf(range.startContainer, range.startOffset),
    end: offsetOf(range.endContainer, range.endOffset),
  };
}

/** A DOM position for an offset into editable content's text. */
function positionAt(all: Piece[], root: HTMLElement, offset: number): [Node, number] {
  for (const piece of all) {
    if (piece.node && offset <= piece.start + piece.text.length) return [piece.node, Math.max(0, offset - piece.start)];
  }
  return [root, root.childNodes.length];
}

/**
 * Replaces [start, end) of the field's text with `text`, as typing would: through the browser's
 * own editing, so the field's undo (Ctrl+Z) takes it back and its framework sees a normal input
 * event. Refused when the field no longer reads `expected` there (it was edited meanwhile).
 */
export function applyEdit(field: WritingField, edit: FieldEdit): void {
  if (!field.isConnected) throw new Error('The field is gone from the page.');
  if (fieldText(field).slice(edit.start, edit.end) !== edit.expected) {
    throw new Error('The text in the field changed meanwhile. Run the tool again.');
  }
  const doc = field.ownerDocument;
  field.focus({ preventScroll: true });
  if (isTextControl(field)) {
    field.setSelectionRange(edit.start, edit.end);
  } else {
    const all = pieces(field);
    const range = doc.createRange();
    range.setStart(...positionAt(all, field, edit.start));
    range.setEnd(...positionAt(all, field, edit.end));
    doc.getSelection()?.removeAllRanges();
    doc.getSelection()?.addRange(range);
  }
  // The browser's own editing: undoable, and seen by React and the like as the user's input.
  const inserted = edit.text ? doc.execCommand('insertText', false, edit.text) : doc.execCommand('delete');
  if (!inserted) throw new Error('The browser did not let Inkling edit this field.');
}
