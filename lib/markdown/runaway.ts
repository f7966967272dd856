import * as smd from 'streaming-markdown';
import { popToken } from './parser-state';

/**
 * Three smd states read on to the end of the answer when their construct never completes, hiding
 * or flattening everything after it: a link destination with no ")" (held back, never shown),
 * and inline math or image alt text with no closing delimiter (neither ends at a blank line, so a
 * stray "$HOME" would turn every later paragraph into plain text). CommonMark ends all three at a
 * paragraph's end at the latest; so does this, by ending the token as smd would and giving the
 * characters it held back to the parser again.
 */

/** Longer than any real destination: past it, "[a](" was not a link. */
export const MAX_DESTINATION = 2048;

/** What `recoverRunaway` needs to know of the input that came before. */
export interface RecentInput {
  /** What was just written ended a line of nothing but whitespace, after another line. */
  blankLine: boolean;
}

/**
 * Ends a runaway token if the parser is in one; returns the text to write again, or undefined.
 * `endToken` must close the renderer's element for the token.
 */
export function recoverRunaway(p: smd.Parser, recent: RecentInput, endToken: () => void): string | undefined {
  let held: string;
  if ((p.token === smd.LINK || p.token === smd.IMAGE) && p.pending.startsWith('](')) {
    if (!p.pending.includes('\n') && p.pending.length <= MAX_DESTINATION) return undefined;
    held = p.pending;
  } else if ((p.token === smd.EQUATION_INLINE || p.token === smd.IMAGE) && recent.blankLine) {
    // smd has put the blank line into the token's text, all but its last newline: two newlines
    // written again end the paragraph as the blank line would have.
    held = '\n\n';
  } else {
    return undefined;
  }
  p.pending = '';
  popToken(p);
  endToken();
  return held;
}
