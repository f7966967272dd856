import { splitText } from './split-text';

/**
 * Long text is summarized in parts: each part on its own (map), then the part summaries together
 * (reduce), again in parts while they are still too long. Small on-device models have contexts of
 * 2,000 to 9,000 tokens; a part of 6,000 characters (about 1,500 tokens) fits the smallest with
 * room for the instructions and the answer.
 */
export const PART_CHARS = 6_000;
/** Below this a part says too little to summarize; an engine that cannot take it cannot do the job. */
const MIN_PART_CHARS = 500;

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
export async function condenseForSummary(
  text: string,
  options: SummarizeInPartsOptions,
): Promise<{ text: string; parts: number }> {
  let partChars = options.partChars ?? PART_CHARS;
  let current = text;
  let parts = 1;
  let stage: PartProgress['stage'] = 'map';
  while (current.length > partChars) {
    const pieces = splitText(current, partChars);
    parts = stage === 'map' ? pieces.length : parts;
    const summaries: string[] = [];
    try {
      for (const [index, piece] of pieces.entries()) {
        options.signal?.throwIfAborted();
        const progress = { part: index + 1, parts: pieces.length, stage };
        options.onProgress?.(progress);
        summaries.push((await options.summarizePart(piece, progress)).trim());
      }
    } catch (error) {
      // The engine's context is smaller than a part (or its tokenizer less thrifty): halve the parts.
      if ((error as { code?: string }).code !== 'input-too-large' || partChars <= MIN_PART_CHARS) throw error;
      partChars = Math.max(MIN_PART_CHARS, Math.floor(partChars / 2));
      continue;
    }
    const joined = summaries.join('\n\n');
    // A model that does not shorten would loop for ever: cut what cannot shrink.
    current = joined.length < current.length ? joined : joined.slice(0, partChars);
    stage = 'reduce';
  }
  return { text: current, parts };
}

/** The prompt for one part of a long text being condensed; `question` keeps what matters to it. */
export function partPrompt(text: string, { part, parts, stage }: PartProgress, question?: string): string {
  const what =
    stage === 'map' ? `part ${part} of ${parts} of a longer text` : `summaries of the parts of a longer text`;
  const keep = question ? `, and everything that helps answer this question: ${question}` : '';
  return (
    `Summarize this part in a few sentences. It is ${what}. ` + `Keep names, numbers and conclusions${keep}.\n\n${text}`
  );
}

/** A title for a conversation about a text: "Summarize: “The first words…”", at most 200 characters. */
export function conversationTitle(label: string, about: string): string {
  const words = about.trim().replace(/\s+/g, ' ');
  const snippet = words.length > 60 ? `${words.slice(0, 59).trimEnd()}…` : words;
  return (snippet ? `${label}: “${snippet}”` : label).slice(0, 200);
}

/** "Summarizing part 3 of 7…", for a progress line. */
export function describePartProgress({ part, parts, stage }: PartProgress): string {
  return stage === 'map' ? `Summarizing part ${part} of ${parts}…` : `Joining the summaries (${part} of ${parts})…`;
}
