import type { PageText } from '../contracts/page';
import type { PromptTask, TaskRequest } from '../contracts/task';
import { fillPrompt } from './fill-prompt';
import { askPrompt, pagePrompt } from './prompts';
import {
  condenseForSummary,
  conversationTitle,
  describePartProgress,
  PART_CHARS,
  partPrompt,
} from './summarize-in-parts';

/** The tasks that need no stored conversation to be prepared. */
export type TextTask = Exclude<TaskRequest, { kind: 'chat' }>;

export interface PrepareTaskDeps {
  /** One whole answer to `prompt`, for a part of a long text; `summaryOf` marks a plain summary. */
  complete(prompt: string, options: { summaryOf?: string; signal: AbortSignal }): Promise<string>;
  /** The main text of the page the request is about. */
  readPage(): Promise<PageText>;
  /** The browser's language, for `{language}` in a prompt. */
  language: string;
  partChars?: number;
}

/** What the answer is asked for, and how the conversation shows and remembers it. */
export interface PreparedTask {
  /** The question as the user sees it, with the whole text quoted. */
  question: string;
  /** Sent in its place by later questions when the text was too long to send again. */
  brief?: string;
  /** The prompt the engine is given: the text condensed when it was long. */
  prompt: string;
  /** A plain summary of this text, which Chrome's Summarizer API may write instead. */
  summaryOf?: string;
  /** A translation of this text, which Chrome's Translator may do instead. */
  translationOf?: string;
  title: string;
}

export interface PrepareTaskControl {
  signal: AbortSignal;
  /** A line for the user while the answer is prepared: "Summarizing part 3 of 7…". */
  onProgress(text: string): void;
}

/**
 * Builds the prompt of a task in the background: fills the template, reads the page, and
 * summarizes text that is longer than a model's context in parts first (map, then reduce).
 */
export async function prepareTask(
  task: TextTask,
  deps: PrepareTaskDeps,
  control: PrepareTaskControl,
): Promise<PreparedTask> {
  const partChars = deps.partChars ?? PART_CHARS;
  const condense = async (text: string, question?: string) => {
    const { text: condensed } = await condenseForSummary(text, {
      partChars,
      signal: control.signal,
      onProgress: (progress) => control.onProgress(describePartProgress(progress)),
      // A part of a plain summary is a plain summary too; one kept for a question is not.
      summarizePart: (part, progress) =>
        deps.complete(partPrompt(part, progress, question), {
          ...(question === undefined && { summaryOf: part }),
          signal: control.signal,
        }),
    });
    return condensed;
  };
  const brief = (label: string, text: string) => (text.length > partChars ? briefOf(label, text) : undefined);

  switch (task.kind) {
    case 'prompt': {
      const text = task.summary ? await condense(task.quote) : task.quote;
      const prompt = fillPrompt({ prompt: task.template }, text, deps.language);
      return {
        ...promptQuestion(task, deps.language, partChars),
        prompt,
        ...(task.summary && { summaryOf: text }),
        ...(task.translation && { translationOf: text }),
      };
    }
    case 'ask-text': {
      const text = await condense(task.text, task.question);
      return withBrief(
        {
          question: askPrompt(task.question, task.text),
          prompt: askPrompt(task.question, text),
          title: conversationTitle(task.question, task.text),
        },
        brief(task.question, task.text),
      );
    }
    case 'ask-page': {
      control.onProgress('Reading the page…');
      const page = await deps.readPage();
      control.signal.throwIfAborted();
      const text = await condense(page.text, task.question);
      const prompt = pagePrompt(task.question, { ...page, text }, text !== page.text);
      const title = conversationTitle(page.title || 'Ask about this page', task.question);
      return withBrief({ question: prompt, prompt, title }, brief(task.question, prompt));
    }
  }
}

/** A prompt task's question as the conversation shows it, before its text is condensed. */
export function promptQuestion(task: PromptTask, language: string, partChars = PART_CHARS) {
  const question = fillPrompt({ prompt: task.template }, task.quote, language);
  const title = conversationTitle(task.label, task.source?.title || task.quote);
  return {
    question,
    title,
    ...(task.quote.length > partChars && { brief: briefOf(task.label || 'The text', task.quote) }),
  };
}

const briefOf = (label: string, text: string) =>
  `${label} (a text of ${text.length.toLocaleString('en')} characters; the answer below sums it up)`;

const withBrief = (prepared: PreparedTask, brief: string | undefined): PreparedTask =>
  brief ? { ...prepared, brief } : prepared;
