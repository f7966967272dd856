import { languageName } from '../tasks/fill-prompt';

/**
 * A page's paragraphs for a language model: every text segment on its own numbered line, so the
 * translation comes back in pieces that go back into the page's own text nodes.
 */
export function linesPrompt(paragraphs: string[][], target: string): string {
  const lines = paragraphs.flat().map((segment, index) => `[${index + 1}] ${segment}`);
  return [
    `Translate each numbered line into ${languageName(target)}.`,
    'Answer with the same numbers, one line each, and only the translation.',
    '',
    ...lines,
  ].join('\n');
}

/**
 * The model's numbered lines back in the paragraphs' shape. A line it left out, or left empty,
 * keeps its original text: nothing of the page is lost to a model that did not follow the format.
 */
export function parseLines(answer: string, paragraphs: string[][]): string[][] {
  const found = new Map<number, string>();
  for (const line of answer.split('\n')) {
    const match = /^\s*\[(\d+)\]\s?(.*)$/.exec(line);
    if (match?.[2]?.trim()) found.set(Number(match[1]), match[2].trim());
  }
  let index = 0;
  return paragraphs.map((segments) => segments.map((segment) => found.get(++index) ?? segment));
}
