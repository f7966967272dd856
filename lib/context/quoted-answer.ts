/**
 * The strict text format of an answer that quotes its sources, for engines without structured
 * output (and what the structured one is turned into):
 *
 *     The answer, in markdown.
 *
 *     Quotes:
 *     [1] "Words copied from the page." (page 1)
 */

/** A quote as the model wrote it: `page` is the 1-based number of the source in the prompt. */
export interface ModelQuote {
  text: string;
  page?: number;
}

export const QUOTES_HEADER = 'Quotes:';
const HEADER_LINE = /^\s*\**quotes:?\**\s*$/i;
const QUOTE_LINE = /^\s*(?:[-*]\s*)?(?:\[\d+\]\s*)?["“„«](.+)["”»]\s*(?:\((?:page|source)\s*(\d+)\))?\s*$/i;

/** The answer and its quotes, from the whole text. */
export function splitQuotedAnswer(text: string): { answer: string; quotes: ModelQuote[] } {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => HEADER_LINE.test(line));
  if (header === -1) return { answer: text.trim(), quotes: [] };
  const quotes = lines.slice(header + 1).flatMap((line): ModelQuote[] => {
    const match = QUOTE_LINE.exec(line);
    if (!match) return [];
    return [{ text: match[1]!.trim(), ...(match[2] && { page: Number(match[2]) }) }];
  });
  return { answer: lines.slice(0, header).join('\n').trim(), quotes };
}

/**
 * Lets the answer through as it streams and holds its quotes back: text is passed on line by line
 * as soon as a line cannot be the start of the quotes' header, and nothing after the header is.
 */
export function createQuotedAnswerFilter() {
  let all = '';
  let passed = 0;
  let quoting = false;
  return {
    /** The part of `delta` that the user may see now (perhaps with text held back before it). */
    push(delta: string): string {
      all += delta;
      if (quoting) return '';
      const lineStart = all.lastIndexOf('\n') + 1;
      const lines = all.slice(passed, lineStart).split('\n');
      for (let i = 0; i < lines.length - 1; i++) {
        if (HEADER_LINE.test(lines[i]!)) {
          quoting = true;
          const visible = lines.slice(0, i).join('\n');
          passed = all.length;
          return visible;
        }
      }
      const partial = all.slice(lineStart);
      // A line that may still become the header waits; any other text goes at once.
      const end = mayBeHeader(partial) ? lineStart : all.length;
      const visible = all.slice(passed, end);
      passed = end;
      return visible;
    },
    /** The held-back end of an answer that had no quotes. */
    flush(): string {
      if (quoting) return '';
      const rest = all.slice(passed);
      passed = all.length;
      return HEADER_LINE.test(rest) ? '' : rest;
    },
  };
}

const mayBeHeader = (line: string) => {
  const bare = line.replace(/^\s*\**/, '').toLowerCase();
  return QUOTES_HEADER.toLowerCase().startsWith(bare.replace(/\**\s*$/, '')) || HEADER_LINE.test(line);
};
