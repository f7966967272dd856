import type * as smd from 'streaming-markdown';

/**
 * Ends the parser's innermost token without telling the renderer, for the few places where this
 * renderer knows better than smd (see runaway.ts, and intraword underscores in renderer.ts).
 * Relies on smd's documented Parser fields: `tokens` is the open-token stack, `len` its top.
 */
export function popToken(p: smd.Parser): void {
  p.len -= 1;
  p.token = p.tokens[p.len] as smd.Token;
}
