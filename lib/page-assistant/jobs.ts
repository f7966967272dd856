import type { TaskRequest } from '../contracts/task';
import type { GenerateStreamHandle } from '../stream/client';
import type { RunTaskOptions } from '../stream/task-events';

export type RunFn = (task: TaskRequest, options: RunTaskOptions) => Promise<GenerateStreamHandle>;

/** One answer the card streams: a quick action, a question, a task. The background prepares it. */
export interface AnswerJob {
  /** The card's title: "Summarize", "Ask about this page". */
  title: string;
  task: TaskRequest;
}

export const ASK_PAGE_TITLE = 'Ask about this page';
export const ASK_SELECTION_TITLE = 'Ask about the selection';

/** "Ask…": the user's question about the selection. */
export function askSelectionJob(question: string, selection: string): AnswerJob {
  return { title: ASK_SELECTION_TITLE, task: { kind: 'ask-text', question, text: selection } };
}

/** "Ask about this page": the background reads the page (condensed when long) for the question. */
export function askPageJob(question: string): AnswerJob {
  return { title: ASK_PAGE_TITLE, task: { kind: 'ask-page', question } };
}
