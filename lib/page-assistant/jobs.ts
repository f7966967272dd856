import type { PromptTask, TaskRequest } from '../contracts/task';
import type { QuickAction } from '../settings/settings';
import { quickActionTask } from '../tasks/fill-prompt';
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

/** A toolbar button: the action's prompt about the selection. */
export function actionJob(action: QuickAction, selection: string): AnswerJob {
  return { title: action.label, task: quickActionTask(action, selection) };
}

/** "Ask…": the user's question about the selection. */
export function askSelectionJob(question: string, selection: string): AnswerJob {
  return { title: ASK_SELECTION_TITLE, task: { kind: 'ask-text', question, text: selection } };
}

/** "Ask about this page": the background reads the page (condensed when long) for the question. */
export function askPageJob(question: string): AnswerJob {
  return { title: ASK_PAGE_TITLE, task: { kind: 'ask-page', question } };
}

/** A task the side panel could not take. */
export function taskJob(task: PromptTask): AnswerJob {
  return { title: task.label || 'Inkling', task };
}
