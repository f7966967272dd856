import * as smd from 'streaming-markdown';

/**
 * smd styles a span as soon as its opening delimiter arrives ("**bo" is already bold), which is
 * what a reader wants while the answer streams. When the span turns out never to close (the
 * paragraph ends first), CommonMark says the delimiter was literal text: the renderer then puts
 * the delimiter back in front and drops the styling, without touching the text already shown.
 *
 * smd does not say why it ends a token, but its `pending` buffer does: when a closing delimiter
 * ends the span, `pending` still holds (part of) that delimiter during `end_token`; any other
 * reason (an empty line, a new block) leaves something else there. Tested against smd 0.2.15.
 */
export type ParserView = Pick<smd.Parser, 'pending' | 'fence_start'>;

/** The delimiter that opened an inline token, read while smd is adding it. */
export function openerOf(token: number, parser: ParserView): string | undefined {
  switch (token) {
    case smd.ITALIC_AST:
      return '*';
    case smd.ITALIC_UND:
      return '_';
    case smd.STRONG_AST:
      return '**';
    case smd.STRONG_UND:
      return '__';
    case smd.STRIKE:
      return '~~';
    case smd.CODE_INLINE:
      return '`'.repeat(Math.max(1, parser.fence_start));
    case smd.EQUATION_INLINE:
      return parser.pending.startsWith('\\') ? '\\(' : '$';
    case smd.EQUATION_BLOCK:
      return parser.pending.startsWith('\\') ? '\\[\n' : '$$\n';
    default:
      return undefined;
  }
}

/** Whether smd is ending an inline token because its closing delimiter arrived. */
export function closedByDelimiter(token: number, parser: ParserView): boolean {
  const { pending } = parser;
  switch (token) {
    case smd.ITALIC_AST:
    case smd.STRONG_AST:
      return pending === '*' || pending === '**';
    case smd.ITALIC_UND:
    case smd.STRONG_UND:
      return pending === '_' || pending === '__';
    case smd.STRIKE:
      return pending === '~';
    case smd.CODE_INLINE:
      // The closing run minus its last backtick, after an optional space smd trims.
      return /^ ?`*$/.test(pending);
    case smd.EQUATION_INLINE:
    case smd.EQUATION_BLOCK:
      return pending === '$' || pending === '\\';
    default:
      return false;
  }
}

/** Math has no renderer here: it is shown as its source, so the closing delimiter is kept too. */
export function mathCloser(token: number, parser: ParserView): string {
  const backslash = parser.pending === '\\';
  if (token === smd.EQUATION_BLOCK) return backslash ? '\\]' : '$$';
  return backslash ? '\\)' : '$';
}
