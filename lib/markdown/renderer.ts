import * as smd from 'streaming-markdown';
import { createBlockGroups } from './block-groups';
import { closedByDelimiter, mathCloser } from './delimiters';
import { createFrame, type Frame } from './frames';
import { hasUnbalancedParens, setHref, takeClosingParens } from './links';
import { popToken } from './parser-state';
import { safeAutolinkHref, safeImageHref, safeLinkHref } from './safe-url';
import { createStrayContainer } from './tables';

/** Why a token ends: smd ended it, the stream cut a runaway token short (see runaway.ts), or the stream ended. */
export type CloseReason = 'parser' | 'runaway' | 'end';

/** What may go straight into each structural element; anything else goes into a stray cell or item. */
const STRUCTURE: Partial<Record<string, readonly number[]>> = {
  table: [smd.TABLE_ROW],
  tr: [smd.TABLE_CELL],
  ul: [smd.LIST_ITEM],
  ol: [smd.LIST_ITEM],
};

/**
 * smd's Renderer, building the DOM only by appending: an element once placed stays where it is and
 * a text node only ever grows at its end, so text already shown (and a selection in it) survives
 * the rest of the stream. Each callback costs work in proportion to what it adds.
 */
export class DomRenderer {
  readonly renderer: smd.Renderer<DomRenderer>;
  private readonly stack: Frame[];
  private readonly groups: ReturnType<typeof createBlockGroups>;
  /** The link or image that just ended with unbalanced parentheses, if the next text may close them. */
  private unbalancedLink: Frame | undefined;

  constructor(
    root: HTMLElement,
    private readonly doc: Document,
    private readonly parser: () => smd.Parser,
  ) {
    this.stack = [{ token: smd.DOCUMENT, outer: undefined, element: root }];
    this.groups = createBlockGroups(root, doc);
    this.renderer = {
      data: this,
      add_token: (self, token) => self.open(token),
      end_token: (self) => self.close('parser'),
      add_text: (self, text) => self.text(text),
      set_attr: (self, attr, value) => self.attr(attr, value),
    };
  }

  /** Settles every token still open, as the answer is complete. */
  finish(): void {
    while (this.stack.length > 1) this.close('end');
    this.unbalancedLink = undefined;
  }

  open(token: number): void {
    this.unbalancedLink = undefined;
    const parent = this.top();
    const container = this.containerFor(parent, token);
    if ((token === smd.ITALIC_UND || token === smd.STRONG_UND) && endsInWord(container.lastChild)) {
      // An underscore inside a word (snake_case) is text in CommonMark; smd opens emphasis there.
      // Taking the token back off smd's stack keeps it from pairing with the next underscore too.
      popToken(this.parser());
      this.text(token === smd.ITALIC_UND ? '_' : '__');
      return;
    }
    const frame = createFrame(token, parent, {
      doc: this.doc,
      parser: this.parser(),
      insideLink: () => this.stack.some((open) => open.element.localName === 'a'),
      textContainer: () => this.containerFor(parent, 'text'),
    });
    if (frame.outer) container.append(frame.outer);
    if (frame.opener !== undefined && isMath(token)) frame.element.append(this.doc.createTextNode(frame.opener));
    this.stack.push(frame);
  }

  close(reason: CloseReason): void {
    this.unbalancedLink = undefined;
    if (this.stack.length <= 1) return;
    const frame = this.stack.pop()!;
    const parser = this.parser();
    const closed = reason === 'parser' && closedByDelimiter(frame.token, parser);
    switch (frame.token) {
      case smd.ITALIC_AST:
      case smd.ITALIC_UND:
      case smd.STRONG_AST:
      case smd.STRONG_UND:
      case smd.STRIKE:
      case smd.CODE_INLINE:
        if (!closed) this.literal(frame);
        break;
      case smd.EQUATION_INLINE:
      case smd.EQUATION_BLOCK:
        if (closed) frame.element.append(this.doc.createTextNode(mathCloser(frame.token, parser)));
        else frame.element.classList.add('md-literal');
        break;
      case smd.LINK:
      case smd.IMAGE:
        this.settleLink(frame, reason === 'parser' && parser.pending === ']');
        if (frame.unbalanced !== undefined) this.unbalancedLink = frame;
        break;
      case smd.RAW_URL:
        // smd gives the address before ending; at the very end of a stream it may not have.
        if (!frame.hasDestination) setHref(frame.element, safeAutolinkHref(frame.element.textContent ?? ''));
        break;
    }
  }

  text(text: string): void {
    if (this.unbalancedLink) text = this.closeParens(this.unbalancedLink, text);
    if (!text) return;
    this.unbalancedLink = undefined;
    const frame = this.top();
    if (frame.code) {
      frame.code.append(text);
      return;
    }
    const target = this.containerFor(frame, 'text');
    if (frame.text && frame.text.parentNode === target && target.lastChild === frame.text) {
      frame.text.appendData(text);
    } else {
      frame.text = this.doc.createTextNode(text);
      target.append(frame.text);
    }
  }

  attr(attr: number, value: string): void {
    this.unbalancedLink = undefined;
    const frame = this.top();
    switch (attr) {
      case smd.HREF:
        if (frame.token === smd.LINK) this.destination(frame, value, safeLinkHref(value));
        else if (frame.token === smd.RAW_URL) this.destination(frame, value, safeAutolinkHref(value));
        break;
      case smd.SRC:
        if (frame.token === smd.IMAGE) this.destination(frame, value, safeImageHref(value));
        break;
      case smd.LANG:
        frame.code?.setLanguage(value);
        break;
      case smd.CHECKED:
        if (frame.token === smd.CHECKBOX) {
          (frame.element as HTMLInputElement).checked = true;
          frame.element.setAttribute('checked', '');
        }
        break;
      case smd.START:
        // An ordered list's first number, digits only: the attribute must stay a number.
        if (frame.token === smd.LIST_ORDERED && /^\d{1,9}$/.test(value)) {
          frame.element.setAttribute('start', String(Number(value)));
        }
        break;
    }
  }

  /**
   * Where a child goes: top-level blocks into groups (see block-groups.ts), and what does not fit
   * a table, a row or a list into a cell or item of its own.
   */
  private containerFor(frame: Frame, child: number | 'text'): HTMLElement {
    if (frame === this.stack[0]) return child === 'text' ? this.groups.current() : this.groups.next();
    const fits = STRUCTURE[frame.element.localName];
    if (!fits) return frame.element;
    if (child !== 'text' && fits.includes(child)) {
      frame.stray = undefined;
      return frame.element;
    }
    frame.stray ??= createStrayContainer(this.doc, frame.element, frame.table, frame.headerRow ?? false);
    return frame.stray;
  }

  /** A link or image destination arrived: a safe one makes the element a link, any other leaves it text. */
  private destination(frame: Frame, value: string, href: string | undefined): void {
    frame.hasDestination = true;
    setHref(frame.element, href);
    if (frame.token !== smd.RAW_URL && hasUnbalancedParens(value)) frame.unbalanced = value;
  }

  /** The opening delimiter was text after all: put it back before the span, and drop the styling. */
  private literal(frame: Frame): void {
    if (frame.opener && frame.outer) frame.outer.before(this.doc.createTextNode(frame.opener));
    frame.element.classList.add('md-literal');
  }

  /** `[text]` with no destination was never a link: show its brackets again (smd drops them). */
  private settleLink(frame: Frame, bracketClosed: boolean): void {
    if (frame.hasDestination) {
      // An image with no alt text would be an empty, invisible link.
      if (frame.token === smd.IMAGE && !frame.element.textContent)
        frame.element.append(this.doc.createTextNode('image'));
      return;
    }
    frame.outer?.before(this.doc.createTextNode(frame.token === smd.IMAGE ? '![' : '['));
    if (bracketClosed) frame.outer?.after(this.doc.createTextNode(']'));
  }

  /** Gives the link the ")" it still needs from the start of `text`; returns the rest. */
  private closeParens(link: Frame, text: string): string {
    const { destination, taken, rest } = takeClosingParens(link.unbalanced!, text);
    if (taken === 0) return text;
    link.unbalanced = destination;
    // Safe or not, the parentheses were the destination's, not text to show.
    setHref(link.element, link.token === smd.IMAGE ? safeImageHref(destination) : safeLinkHref(destination));
    // smd may hand the ")" over one at a time: keep waiting while only they came.
    if (rest || !hasUnbalancedParens(destination)) this.unbalancedLink = undefined;
    return rest;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }
}

function endsInWord(node: Node | null | undefined): boolean {
  return node?.nodeType === 3 && /[\p{L}\p{N}]$/u.test((node as Text).data);
}

function isMath(token: number): boolean {
  return token === smd.EQUATION_BLOCK || token === smd.EQUATION_INLINE;
}
