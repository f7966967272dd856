import type { GenerationResult } from '../contracts/result';
import type { Source } from '../contracts/source';
import { citeQuotes } from './citations';
import { createQuotedAnswerFilter, splitQuotedAnswer } from './quoted-answer';

/**
 * One answer that quotes `sources`, on its way from the engine to the user: the answer's text goes
 * on as it streams, its quotes are held back, and at the end they are checked against the sources.
 */
export function quotingAnswer(sources: readonly Source[]) {
  const filter = createQuotedAnswerFilter();
  return {
    /** What the user may see of this delta now. */
    delta: (text: string) => filter.push(text),
    /** The text held back at the end that belongs to the answer. */
    rest: () => filter.flush(),
    /** The result with the answer's text alone and its checked quotes. */
    finish(result: GenerationResult): GenerationResult {
      const { answer, quotes } = splitQuotedAnswer(result.text);
      return { ...result, text: answer, ...(quotes.length > 0 && { citations: citeQuotes(quotes, sources) }) };
    },
  };
}
