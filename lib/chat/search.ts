import type { Turn } from '../contracts/turns';
import type { ConversationSummary, SearchHit } from './conversation';
import { isHighSurrogate } from './titles';

const SNIPPET_CONTEXT_CHARS = 40;

// A regular expression rather than lower-casing both sides: lower-casing can change a string's
// length ('İ' becomes two characters), which would put the snippet in the wrong place.
export function searchPattern(text: string): RegExp | undefined {
  const query = text.trim();
  return query ? new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu') : undefined;
}

export function firstTurnMatch(turns: Turn[], pattern: RegExp): Omit<SearchHit, keyof ConversationSummary> | undefined {
  for (const turn of turns) {
    const hit = matchIn(turn.text, pattern);
    if (hit) return { ...hit, turnId: turn.id };
  }
  return undefined;
}

export function matchIn(text: string, pattern: RegExp): Pick<SearchHit, 'snippet' | 'highlight'> | undefined {
  const match = pattern.exec(text);
  return match ? snippetAround(text, match.index, match.index + match[0].length) : undefined;
}

/** The match with some words either side, on one line. */
export function snippetAround(text: string, start: number, end: number): Pick<SearchHit, 'snippet' | 'highlight'> {
  let from = Math.max(0, start - SNIPPET_CONTEXT_CHARS);
  let to = Math.min(text.length, end + SNIPPET_CONTEXT_CHARS);
  // Start and end at a word boundary when there is one within the context.
  const space = from > 0 ? text.slice(from, start).search(/\s/) : -1;
  if (space >= 0) from += space + 1;
  else if (/[\uDC00-\uDFFF]/.test(text.charAt(from))) from += 1;
  const lastSpace = to < text.length ? text.slice(end, to).search(/\s\S*$/) : -1;
  if (lastSpace >= 0) to = end + lastSpace;
  else if (isHighSurrogate(text, to - 1)) to -= 1;
  const line = (part: string) => part.replace(/\s+/g, ' ');
  const before = (from > 0 ? '…' : '') + line(text.slice(from, start)).trimStart();
  const match = line(text.slice(start, end));
  const after = line(text.slice(end, to)).trimEnd() + (to < text.length ? '…' : '');
  return { snippet: before + match + after, highlight: [before.length, before.length + match.length] };
}
