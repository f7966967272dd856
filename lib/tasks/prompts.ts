import type { Source } from '../contracts/source';
import type { SelectedSource } from '../context/select';
import { quote } from '../markdown/quote';

/** The user's own question about the selected text. */
export function askPrompt(question: string, selection: string): string {
  return `${question.trim()}\n\nThis is about the following text:\n\n${quote(selection)}`;
}

/** The user's question about the page, after the page's text (condensed when it was long). */
export function pagePrompt(
  question: string,
  page: { title: string; url: string; text: string },
  condensed: boolean,
): string {
  const about = page.title ? `the web page “${page.title}” (${page.url})` : `the web page ${page.url}`;
  const kind = condensed ? 'A summary of the text of' : 'The text of';
  return `${kind} ${about}:\n\n${page.text.trim()}\n\nAnswer this question about the page: ${question.trim()}`;
}

/** The strict text format of lib/context/quoted-answer.ts, which an engine without structured output follows. */
const QUOTE_FORMAT =
  'Write the answer first. Then write a line "Quotes:" and under it each sentence of the pages that ' +
  'the answer rests on, copied word for word, one a line, as: [1] "the exact words" (page 1)';

/**
 * The user's question after the text of the pages it is about, each named; of a long page only the
 * passages picked for the question, numbered, and the prompt says the rest was left out.
 */
export function sourcesPrompt(question: string, sources: readonly SelectedSource<Source>[]) {
  const pages = sources.map(({ source, passages, count }, index) => {
    const name = source.title ? `“${source.title}” (${source.url})` : source.url;
    if (!passages || !count) return `Page ${index + 1}: ${name}\n\n${quote(source.text)}`;
    const excerpts = passages.map((passage) => `Passage ${passage.index + 1}:\n${quote(passage.text)}`);
    const intro = `Page ${index + 1}: ${name}, ${count.read} of its ${count.of} passages (the rest left out)`;
    return [intro, ...excerpts].join('\n\n');
  });
  const about = sources.length > 1 ? 'these web pages' : 'this web page';
  return `Answer from ${about}.\n\n${pages.join('\n\n')}\n\n${QUOTE_FORMAT}\n\nQuestion: ${question.trim()}`;
}
