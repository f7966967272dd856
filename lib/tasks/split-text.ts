/**
 * Cuts a long text into parts of at most `maxChars`, at paragraph ends where it can, else at
 * sentence ends, else at spaces, so that each part reads on its own.
 */
export function splitText(text: string, maxChars: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const cut =
      lastBreak(window, /\n\s*\n/g) ?? lastBreak(window, /[.!?。！？]\s/g) ?? lastBreak(window, /\s/g) ?? maxChars;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The end of the last match of `pattern` in the second half of `window`, if any. */
function lastBreak(window: string, pattern: RegExp): number | undefined {
  let found: number | undefined;
  for (const match of window.matchAll(pattern)) {
    const end = match.index + match[0].length;
    if (end > window.length / 2) found = end;
  }
  return found;
}
