import { splitText } from './split-text';

/**
 * Long text is summarized in parts: each part on its own (map), then the part summaries together
 * (reduce), again in parts while they are still too long. Small on-device models have contexts of
 * 2,000 to 9,000 tokens; a part of 6,000 characters (about 1,500 tokens) fits the smallest with
 * room for the instructions and the answer.
 */
export const PART_CHARS = 6_000;

export interface PartProgress {
  /** 1-based. */
  part: number;
  parts: number;
  /** 'map' while the parts are summarized, 'reduce' while their summaries are joined. */
  stage: 'map' | 'reduce';
}

export interface SummarizeInPartsOptions {
  /** Summarizes one piece of text and resolves with the summary. Throws to stop everything. */
  summarizePart(text: string, progress: PartProgress): Promise<string>;
  onProgress?(progress: PartProgress): void;
  signal?: AbortSignal;
  partChars?: number;
}

/**
 * Returns the text the final answer should be asked for: the text itself when it fits in one part,
 * else the joined summaries of its parts (which fit).
 */
export async function condenseForSummary(text: string, options: SummarizeInPartsOptions): Promise<{ text: string; parts: number }> {
  const partChars = options.partChars ?? PART_CHARS;
  let current = text;
  let parts = 1;
  let stage: PartProgress['stage'] = 'map';
  while (current.length > partChars) {
    const pieces = splitText(current, partChars);
    parts = stage === 'map' ? pieces.length : parts;
    const summaries: string[] = [];
    for (const [index, piece] of pieces.entries()) {
      options.signal?.throwIfAborted();
      const progress = { part: index + 1, parts: pieces.length, stage };
      options.onProgress?.(progress);
      summaries.push((await options.summarizePart(piece, progress)).trim());
    }
    const joined = summaries.join('\n\n');
    // A model that does not shorten would loop for ever: cut what cannot shrink.
    current = joined.length < current.length ? joined : joined.slice(0, partChars);
    stage = 'reduce';
  }
  return { text: current, parts };
}
