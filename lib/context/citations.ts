import type { Citation, Source } from '../contracts/source';
import type { ModelQuote } from './quoted-answer';
import { findQuote } from './verify-quote';

/**
 * Checks each quote against the sources, the page the model named first: a quote found in one is a
 * citation in that page's own words; one found in none is kept as the model wrote it, flagged.
 */
export function citeQuotes(quotes: readonly ModelQuote[], sources: readonly Source[]): Citation[] {
  return quotes.slice(0, 50).map((quote) => {
    const named = quote.page === undefined ? undefined : sources[quote.page - 1];
    const order = named ? [named, ...sources.filter((source) => source !== named)] : sources;
    for (const source of order) {
      const match = findQuote(source.text, quote.text);
      if (match) return { text: source.text.slice(match.start, match.end), found: true, sourceId: source.id };
    }
    return { text: quote.text, found: false };
  });
}
