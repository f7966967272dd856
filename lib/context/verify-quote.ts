/** Where a quote stands in its source, once found: offsets into the source's own text. */
export interface QuoteMatch {
  start: number;
  end: number;
}

/** Typographic quotes, apostrophes and dashes, and the plain characters they stand for. */
const EQUIVALENT: Record<string, string> = {
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '′': "'",
  '–': '-',
  '—': '-',
  '\u00a0': ' ',
};

/** A character as quotes are compared: typographic quotes, apostrophes and dashes as plain ones. */
export const plainChar = (char: string) => EQUIVALENT[char] ?? char;

/**
 * The text with each run of whitespace as one space and typographic quotes as plain ones, and for
 * each character of it the offset of the character it came from.
 */
function normalise(text: string): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const char = plainChar(text[i]!);
    if (/\s/.test(char)) {
      space = out.length > 0;
      continue;
    }
    if (space) {
      out += ' ';
      offsets.push(i);
      space = false;
    }
    out += char;
    offsets.push(i);
  }
  return { text: out, offsets };
}

/**
 * Finds a quote in its source's text as written there, whatever the whitespace and the kind of
 * quotation marks; anything else must be the source's own words. A quote that runs over what the
 * prompt showed as two passages is found all the same: the whole text is searched.
 */
export function findQuote(source: string, quote: string): QuoteMatch | undefined {
  const wanted = normalise(quote.replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, '')).text;
  if (wanted.length === 0) return undefined;
  const haystack = normalise(source);
  const at = haystack.text.indexOf(wanted);
  if (at === -1) return undefined;
  return { start: haystack.offsets[at]!, end: haystack.offsets[at + wanted.length - 1]! + 1 };
}
