/** A piece of a source's text, where it stands in that text. */
export interface Passage {
  /** 0-based, in the order of the text. */
  index: number;
  /** Offsets into the source's text, [start, end). */
  start: number;
  end: number;
  text: string;
}

/** About 120 tokens: big enough to hold an idea, small enough that a few fit a small model's context. */
export const PASSAGE_CHARS = 500;

/**
 * Splits a text into passages of at most about `maxChars`, at paragraph ends where it can, else at
 * sentence ends, else between words: each passage reads on its own, and together they cover the
 * whole text with nothing left out.
 */
export function splitPassages(text: string, maxChars = PASSAGE_CHARS): Passage[] {
  const passages: Passage[] = [];
  let start = -1;
  let end = -1;
  const flush = () => {
    const passage = text.slice(start, end).trim();
    const from = start + text.slice(start, end).search(/\S|$/);
    if (passage) passages.push({ index: passages.length, start: from, end: from + passage.length, text: passage });
  };
  for (const [pieceStart, pieceEnd] of pieces(text, maxChars)) {
    if (start !== -1 && pieceEnd - start > maxChars) {
      flush();
      start = -1;
    }
    if (start === -1) start = pieceStart;
    end = pieceEnd;
  }
  if (start !== -1) flush();
  return passages;
}

/** The text as runs of at most `maxChars`: paragraphs, long ones as sentences, long sentences as words. */
function* pieces(text: string, maxChars: number): Generator<[number, number]> {
  for (const paragraph of text.matchAll(/[^\n]+\n*/g)) {
    yield* within(paragraph, /[^.!?。！？]*[.!?。！？]+["'”’)\]]*\s*|[^.!?。！？]+/g, maxChars, (sentence) =>
      within(sentence, /\s*\S+\s*|\s+/g, maxChars, (word) => chunks(word, maxChars)),
    );
  }
}

function* within(
  match: RegExpMatchArray,
  pattern: RegExp,
  maxChars: number,
  smaller: (part: RegExpMatchArray) => Iterable<[number, number]>,
): Generator<[number, number]> {
  const start = match.index!;
  const [whole] = match;
  if (whole.length <= maxChars) {
    yield [start, start + whole.length];
    return;
  }
  for (const part of whole.matchAll(pattern)) {
    part.index! += start;
    yield* smaller(part);
  }
}

/** A word longer than a passage (a long address, a run without spaces) is cut. */
function* chunks(match: RegExpMatchArray, maxChars: number): Generator<[number, number]> {
  for (let offset = 0; offset < match[0].length; offset += maxChars)
    yield [match.index! + offset, match.index! + Math.min(match[0].length, offset + maxChars)];
}
