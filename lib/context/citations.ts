import type { Citation, Source } from '../contracts/source';
import type { ModelQuote } from './quoted-answer';
import { findQuote } from './verify-quote';

/**
 * Checks each quote against the sources, the page the model named first: a quote found in one is a
 * citation in that page's own words; one found in none is kept as the model wrote it, flagged.
 */
/** The page of a PDF's text (see lib/page-text/pdf-text.ts) that an offset is on. */
function pageAt(text: string, offset: number): number | undefined {
  let page: number | undefined;
  for (const marker of text.slice(0, offset).matchAll(/^\[Page (\d+)\]$/gm)) page = Number(marker[1]);
  return page;
}

export function citeQuotes(quotes: readonly ModelQuote[], sources: readonly Source[]): Citation[] {
  return quotes.slice(0, 50).map((quote) => {
    const named = quote.page === undefined ? undefined : sources[quote.page - 1];
    const order = named ? [named, ...sources.filter((source) => source !== named)] : sources;
    for (const source of order) {
      const match = findQuote(source.text, quote.text);
      if (!match) continue;
      const page = pageAt(source.text, match.start);
      return {
        text: source.text.slice(match.start, match.end),
        found: true,
        sourceId: source.id,
        ...(page && { page }),
      };
    }
    return { text: quote.text, found: false };
  });
}
