import type { Prepared } from '../contracts/protocol';
import type { SamplingOptions } from '../contracts/engine';

/** What a surface hears of a task while the background prepares its answer. */
export interface TaskEvents {
  /** "Reading the page…", "Summarizing part 3 of 7…". */
  onProgress?(text: string): void;
  /**
   * The prompt is ready (the question as the user sees it, a title for a conversation about it); for
   * a conversation, its question is stored and `conversationId` names it; for a page's card,
   * `answerId` names the answer that "Continue in side panel" carries over.
   */
  onPrepared?(prepared: Prepared): void;
}

export interface RunTaskOptions extends SamplingOptions, TaskEvents {
  signal?: AbortSignal;
}
