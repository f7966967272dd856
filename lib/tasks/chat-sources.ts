import { InklingError } from '../contracts/errors';
import type { PageText } from '../contracts/page';
import type { Source, SourceRef, TurnSource, UsedSource } from '../contracts/source';
import { passagesToRank, selectPassages } from '../context/select';
import { RANKING_DEADLINE_MS, scoreByMeaning, type Embedder } from '../context/semantic';
import { sourcesPrompt } from './prompts';

export interface SourceReadDeps {
  readPage(tabId: number): Promise<PageText>;
  /** How many characters of the sources (`text`) the answering engine's context has room for. */
  budgetChars(text: string): number;
  /** An embedding model to rank passages by meaning too, when the user's server has one. */
  embedder?(): Embedder | undefined;
  /** Stop: ends the ranking, which waits on the server. */
  signal?: AbortSignal;
  /** The sources the conversation keeps, with their text (none for a new conversation). */
  stored(): Promise<Source[]>;
  now?(): number;
  newId?(): string;
}

/** What one question about pages sends and stores. */
export interface ChatContext {
  /** The question with the sources' text, in the place of the question alone. */
  prompt: string;
  /** Sources read for this question that the conversation does not keep yet. */
  newSources: Source[];
  /** Which sources the question used, for its stored turn. */
  turnSources: TurnSource[];
  /** The same, named, for the panel. */
  used: UsedSource[];
  /** The sources with their text, in the order the prompt numbers them. */
  sources: Source[];
}

/**
 * Reads the tabs a question is about and finds the sources the conversation keeps, so that the
 * question is answered from them. A page read again with the same address and text is the
 * source already kept: its text is stored once per conversation, not once per question.
 */
export async function gatherSources(
  refs: readonly SourceRef[],
  question: string,
  deps: SourceReadDeps,
  onProgress: (text: string) => void,
): Promise<ChatContext> {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const stored = await deps.stored();
  const newSources: Source[] = [];
  const sources: Source[] = [];
  for (const ref of refs) {
    if (ref.from === 'stored') {
      const kept = stored.find((source) => source.id === ref.id);
      if (!kept) throw new InklingError('bad-request', 'A page this question is about is no longer kept. Remove it.');
      sources.push(kept);
      continue;
    }
    onProgress(refs.length > 1 ? `Reading page ${sources.length + 1} of ${refs.length}…` : 'Reading the page…');
    const page = await deps.readPage(ref.tabId);
    const kept = [...stored, ...newSources].find((source) => source.url === page.url && source.text === page.text);
    if (kept) {
      sources.push(kept);
      continue;
    }
    const source: Source = { id: newId(), title: page.title, url: page.url, readAt: now(), text: page.text };
    newSources.push(source);
    sources.push(source);
  }
  const unique = sources.filter((source, index) => sources.findIndex((other) => other.id === source.id) === index);
  const budget = deps.budgetChars(unique.map(({ text }) => text).join('\n'));
  const byMeaning = await scoringByMeaning(unique, question, budget, deps, onProgress);
  const selected = selectPassages(unique, question, budget, byMeaning && { byMeaning });
  const turnSources: TurnSource[] = selected.map(({ source, count }) => ({
    id: source.id,
    ...(count && { passages: count }),
  }));
  return {
    prompt: sourcesPrompt(question, selected),
    newSources,
    turnSources,
    sources: unique,
    used: selected.map(({ source: { text: _text, ...info }, count }) => ({
      ...info,
      ...(count && { passages: count }),
    })),
  };
}

/**
 * The passages of sources too long to send whole, scored by meaning with the user's server, for a
 * question worded otherwise than its answer; none when there is no such model, it fails or it is
 * too slow (the words' ranking answers alone).
 */
async function scoringByMeaning(
  sources: readonly Source[],
  question: string,
  budget: number,
  deps: SourceReadDeps,
  onProgress: (text: string) => void,
): Promise<Map<string, number> | undefined> {
  const embedder = deps.embedder?.();
  const passages = embedder ? passagesToRank(sources, budget) : [];
  if (!embedder || passages.length === 0) return undefined;
  onProgress(`Ranking ${passages.length} passages by meaning with ${embedder.label}…`);
  const deadline = AbortSignal.timeout(RANKING_DEADLINE_MS);
  const signal = deps.signal ? AbortSignal.any([deps.signal, deadline]) : deadline;
  return scoreByMeaning(question, passages, embedder.embed, signal);
}
