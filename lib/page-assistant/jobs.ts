import * as v from 'valibot';
import type { QuickAction } from '../settings/settings';
import { fillPrompt } from '../tasks/fill-prompt';
import type { PromptTask } from '../contracts/task';
import type { AnswerJob } from './card';
import { PageTextSchema, type PageText } from '../contracts/page';
import { conversationTitle } from '../tasks/summarize-in-parts';
import { askPrompt, pagePrompt } from './prompts';

/** The quick action with this id is a summary: long selections are summarized in parts first. */
export const SUMMARIZE_ACTION_ID = 'summarize';
export const ASK_PAGE_TITLE = 'Ask about this page';
export const ASK_SELECTION_TITLE = 'Ask about the selection';

/** A toolbar button: the action's prompt filled with the selection. */
export function actionJob(action: QuickAction, selection: string, language: string): AnswerJob {
  return {
    title: action.label,
    conversationTitle: () => conversationTitle(action.label, selection),
    async prompt({ condense }) {
      if (action.id !== SUMMARIZE_ACTION_ID) return fillPrompt(action, selection, language);
      const { text } = await condense(selection);
      return { prompt: fillPrompt(action, text, language), summaryOf: text };
    },
  };
}

/** "Ask…": the user's question with the selection quoted. */
export function askSelectionJob(question: string, selection: string): AnswerJob {
  return {
    title: ASK_SELECTION_TITLE,
    conversationTitle: () => conversationTitle(question, selection),
    prompt: async () => askPrompt(question, selection),
  };
}

/** "Ask about this page": the page's text from the background (condensed when long), then the question. */
export function askPageJob(question: string): AnswerJob {
  let page: PageText | undefined;
  return {
    title: ASK_PAGE_TITLE,
    conversationTitle: () => conversationTitle(page?.title || ASK_PAGE_TITLE, question),
    async prompt({ sendMessage, progress, condense }) {
      progress('Reading the page…');
      page = readPageText(await sendMessage({ type: 'get-page-text' }));
      const { text, condensed } = await condense(page.text, question);
      return pagePrompt(question, { ...page, text }, condensed);
    },
  };
}

/** A task the side panel could not take: its template filled with its quote, condensed first for a summary. */
export function taskJob(task: PromptTask, language: string): AnswerJob {
  return {
    title: task.label || 'Inkling',
    conversationTitle: () => conversationTitle(task.label || 'Inkling', task.source?.title || task.quote),
    async prompt({ condense }) {
      if (!task.summary) return fillPrompt({ prompt: task.template }, task.quote, language);
      const { text } = await condense(task.quote);
      return { prompt: fillPrompt({ prompt: task.template }, text, language), summaryOf: text };
    },
  };
}

/** The background's Reply<PageText>, checked; its error (or a plain one) is thrown. */
export function readPageText(reply: unknown): PageText {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    if (reply.ok === true && 'value' in reply && v.is(PageTextSchema, reply.value)) {
      if (!reply.value.text.trim()) throw new Error('This page has no text Inkling can read.');
      return reply.value;
    }
    if (reply.ok === false && 'error' in reply && typeof reply.error === 'string' && reply.error) throw new Error(reply.error);
  }
  throw new Error('Inkling could not read this page. Reload it and try again.');
}
