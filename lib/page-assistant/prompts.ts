import type { PartProgress } from '../tasks/summarize-in-parts';

/** The prompt for one part of a long text being condensed; `question` keeps what matters to it. */
export function partPrompt(text: string, { part, parts, stage }: PartProgress, question?: string): string {
  const what = stage === 'map' ? `part ${part} of ${parts} of a longer text` : `summaries of the parts of a longer text`;
  const keep = question ? `, and everything that helps answer this question: ${question}` : '';
  return `Summarize this part in a few sentences. It is ${what}. Keep names, numbers and conclusions${keep}.\n\n${text}`;
}

/** "Summarizing part 3 of 7…", for the card's progress line. */
export function describeProgress({ part, parts, stage }: PartProgress): string {
  return stage === 'map' ? `Summarizing part ${part} of ${parts}…` : `Joining the summaries (${part} of ${parts})…`;
}

/** Text as a markdown quote, line by line. */
export function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** The user's own question about the selected text. */
export function askPrompt(question: string, selection: string): string {
  return `${question.trim()}\n\nThis is about the following text:\n\n${quote(selection)}`;
}

/** The user's question about the page, after the page's text (condensed when it was long). */
export function pagePrompt(question: string, page: { title: string; url: string; text: string }, condensed: boolean): string {
  const about = page.title ? `the web page “${page.title}” (${page.url})` : `the web page ${page.url}`;
  const kind = condensed ? 'A summary of the text of' : 'The text of';
  return `${kind} ${about}:\n\n${page.text.trim()}\n\nAnswer this question about the page: ${question.trim()}`;
}

/** A title for the conversation in the side panel: "Summarize: “The first words…”", at most 200 characters. */
export function conversationTitle(label: string, about: string): string {
  const words = about.trim().replace(/\s+/g, ' ');
  const snippet = words.length > 60 ? `${words.slice(0, 59).trimEnd()}…` : words;
  return (snippet ? `${label}: “${snippet}”` : label).slice(0, 200);
}
