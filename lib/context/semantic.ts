/** Vectors for texts, in their order, from an embedding model; rejects when it cannot. */
export type Embed = (texts: readonly string[], signal: AbortSignal) => Promise<number[][]>;

/** An embedding model the sources can be ranked with, named for the progress the panel shows. */
export interface Embedder {
  /** "nomic-embed-text on gpu-box.lan" */
  label: string;
  embed: Embed;
}

export interface KeyedText {
  key: string;
  text: string;
}

/**
 * How long ranking by meaning may hold up the first token before the question goes with the words'
 * ranking alone: the server may be slow or busy. What it embedded by then is kept for next time.
 */
export const RANKING_DEADLINE_MS = 8_000;

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

/** How close in meaning each passage is to the question (cosine), by key; undefined if the model failed. */
export async function scoreByMeaning(
  question: string,
  passages: readonly KeyedText[],
  embed: Embed,
  signal: AbortSignal,
): Promise<Map<string, number> | undefined> {
  try {
    const [query, ...vectors] = await embed([question, ...passages.map(({ text }) => text)], signal);
    if (!query || vectors.length !== passages.length) return undefined;
    return new Map(passages.map(({ key }, i) => [key, cosine(query, vectors[i]!)]));
  } catch {
    // The words' ranking still answers: a server without embeddings costs nothing but this try.
    return undefined;
  }
}

/**
 * One ranking from several scorings (BM25's and the embeddings'): each divided by its best score,
 * then summed, best first. A convex combination rather than reciprocal rank fusion, and scaled by
 * the best rather than the range: both keep how sure each scoring is, so a question whose only
 * words in common with the page are "the" and "of" (every passage alike to BM25) is ranked by
 * meaning (Bruch et al., "An Analysis of Fusion Functions for Hybrid Retrieval", 2023). A negative
 * cosine counts as none; ties keep the first scoring's order.
 */
export function fuseScores(scorings: readonly ReadonlyMap<string, number>[]): string[] {
  const fused = new Map<string, number>();
  for (const scores of scorings) {
    const best = Math.max(0, ...scores.values());
    for (const [key, score] of scores)
      fused.set(key, (fused.get(key) ?? 0) + (best > 0 ? Math.max(0, score) / best : 0));
  }
  return [...fused.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}
