import MiniSearch from 'minisearch';
import type { PassageCount } from '../contracts/source';
import { PASSAGE_CHARS, splitPassages, type Passage } from './passages';

export interface SourceText {
  id: string;
  text: string;
}

/** What of one source goes into the prompt: all of it, or the passages picked, in the text's order. */
export interface SelectedSource<S extends SourceText = SourceText> {
  source: S;
  /** Absent when the whole text is sent. */
  passages?: Passage[];
  /** How many passages were read of how many, when not all. */
  count?: PassageCount;
}

/**
 * The text to answer a question from. Sources that fit together go whole; otherwise each is split
 * into passages and the most relevant to the question, ranked by BM25 over all of them, go in up
 * to `budgetChars`. A source none of whose passages is picked still says so (read 0 of N): no
 * source is ever cut without the count of what was left out.
 */
export function selectPassages<S extends SourceText>(
  sources: readonly S[],
  question: string,
  budgetChars: number,
  passageChars = PASSAGE_CHARS,
): SelectedSource<S>[] {
  const total = sources.reduce((sum, { text }) => sum + text.length, 0);
  if (total <= budgetChars) return sources.map((source) => ({ source }));

  const split = sources.map((source) => splitPassages(source.text, passageChars));
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: [] });
  index.addAll(
    split.flatMap((passages, s) => passages.map((passage) => ({ id: `${s}:${passage.index}`, text: passage.text }))),
  );
  const ranked = index.search(question, { prefix: true, fuzzy: 0.2, combineWith: 'OR' }).map(({ id }) => String(id));
  // A question with no word in common with the pages (or none at all) reads them from the start.
  const order =
    ranked.length > 0 ? ranked : split.flatMap((passages, s) => passages.map(({ index: i }) => `${s}:${i}`));

  const picked = new Set<string>();
  let used = 0;
  for (const key of order) {
    const [s, i] = key.split(':').map(Number) as [number, number];
    const length = split[s]![i]!.text.length;
    if (used + length > budgetChars) continue;
    picked.add(key);
    used += length;
  }
  return sources.map((source, s) => {
    const passages = split[s]!.filter((passage) => picked.has(`${s}:${passage.index}`));
    return { source, passages, count: { read: passages.length, of: Math.max(1, split[s]!.length) } };
  });
}
