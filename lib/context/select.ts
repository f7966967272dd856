import MiniSearch from 'minisearch';
import type { PassageCount } from '../contracts/source';
import { PASSAGE_CHARS, splitPassages, type Passage } from './passages';
import { fuseScores, type KeyedText } from './semantic';

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

export interface SelectOptions {
  passageChars?: number;
  /** How close in meaning each passage (keyed as by `passagesToRank`) is, fused with the words' scores. */
  byMeaning?: ReadonlyMap<string, number>;
}

const fits = (sources: readonly SourceText[], budgetChars: number) =>
  sources.reduce((sum, { text }) => sum + text.length, 0) <= budgetChars;

const split = (sources: readonly SourceText[], passageChars: number) =>
  sources.map((source) => splitPassages(source.text, passageChars));

const keyed = (passages: readonly Passage[][]): KeyedText[] =>
  passages.flatMap((ofSource, s) => ofSource.map(({ index, text }) => ({ key: `${s}:${index}`, text })));

/** The passages a question chooses among, keyed for a ranking; none when the sources fit whole. */
export function passagesToRank(
  sources: readonly SourceText[],
  budgetChars: number,
  passageChars = PASSAGE_CHARS,
): KeyedText[] {
  return fits(sources, budgetChars) ? [] : keyed(split(sources, passageChars));
}

/**
 * The text to answer a question from. Sources that fit together go whole; otherwise each is split
 * into passages and the most relevant to the question, scored by BM25 over all of them (fused with
 * their closeness in meaning when given), go in up to `budgetChars`. A source none of whose
 * passages is picked still says so (read 0 of N): no source is ever cut without the count of what
 * was left out.
 */
export function selectPassages<S extends SourceText>(
  sources: readonly S[],
  question: string,
  budgetChars: number,
  { passageChars = PASSAGE_CHARS, byMeaning }: SelectOptions = {},
): SelectedSource<S>[] {
  if (fits(sources, budgetChars)) return sources.map((source) => ({ source }));

  const passages = split(sources, passageChars);
  const all = keyed(passages);
  const index = new MiniSearch<KeyedText>({ idField: 'key', fields: ['text'], storeFields: [] });
  index.addAll(all);
  const found = index.search(question, { prefix: true, fuzzy: 0.2, combineWith: 'OR' });
  const byWords = new Map(found.map(({ id, score }) => [String(id), score]));
  const scorings = [byWords, byMeaning ?? new Map()].filter((scores) => scores.size > 0);
  // A question with no word in common with the pages (or none at all) reads them from the start.
  const order = scorings.length > 0 ? fuseScores(scorings) : all.map(({ key }) => key);

  const picked = new Set<string>();
  let used = 0;
  for (const key of order) {
    const [s, i] = key.split(':').map(Number) as [number, number];
    const passage = passages[s]?.[i];
    if (!passage || used + passage.text.length > budgetChars) continue;
    picked.add(key);
    used += passage.text.length;
  }
  return sources.map((source, s) => {
    const chosen = passages[s]!.filter((passage) => picked.has(`${s}:${passage.index}`));
    const count = {
      read: chosen.length,
      of: Math.max(1, passages[s]!.length),
      ...((byMeaning?.size ?? 0) > 0 && { byMeaning: true as const }),
    };
    return { source, passages: chosen, count };
  });
}
