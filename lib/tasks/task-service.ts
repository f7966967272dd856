import type { AnswerTarget, ConversationWriter } from '../chat/conversation-writer';
import type { ChatMessage, ContextInfo, CpuModel } from '../contracts/engine';
import { sourceBudgetChars } from '../context/budget';
import type { Embedder } from '../context/semantic';
import { InklingError } from '../contracts/errors';
import type { PageText } from '../contracts/page';
import type { Prepared } from '../contracts/protocol';
import type { Source } from '../contracts/source';
import type { PromptTask, TaskRequest } from '../contracts/task';
import { gatherSources } from './chat-sources';
import { prepareTask, promptQuestion, type PreparedTask, type PrepareTaskDeps } from './prepare-task';

/** How a task is answered: where the answer is saved, and what the engine is sent (prepared first). */
export interface AnswerPlan {
  /** Lets the engine keep the conversation's session. */
  conversationId?: string;
  /** The stored answer turn, once its question is stored. */
  saveTo?: Promise<AnswerTarget>;
  /** Reads the page, summarizes long text in parts: the work before the answer, which Stop also ends. */
  prepare(): Promise<{
    messages: ChatMessage[];
    summaryOf?: string;
    translationOf?: string;
    cpuModel?: CpuModel;
    quoted?: boolean;
  }>;
  /** The sources an answer that quotes them is checked against. */
  quotes?: Source[];
}

export interface TaskControl {
  signal: AbortSignal;
  /** The most tokens the answer may take, as the request asks. */
  answerTokens: number;
  /** The tab a content script asks from: the page of an 'ask-page'. */
  tabId?: number;
  progress(text: string): void;
  prepared(prepared: Prepared): void;
  /** One whole answer, for a part of a long text, with the request's own sampling. */
  complete: PrepareTaskDeps['complete'];
}

export interface TaskServiceDeps {
  writer: ConversationWriter;
  readPage(tabId: number): Promise<PageText>;
  language(): string;
  /** The default system prompt, for a conversation the background starts itself. */
  systemPrompt(): Promise<string>;
  /** What the engine that will answer knows of its context, for the conversation if it has one. */
  contextInfo(conversationId?: string): Promise<ContextInfo>;
  /** An embedding model on the user's server, to rank a long page's passages by meaning too. */
  embedder?(): Embedder | undefined;
}

/**
 * The background's side of tasks: it builds each prompt (templates, the page, summaries in parts)
 * and writes the conversations' turns; surfaces only show what comes back.
 */
export function createTaskService(deps: TaskServiceDeps) {
  const prepareDeps = ({ tabId, complete }: Pick<TaskControl, 'tabId' | 'complete'>): PrepareTaskDeps => ({
    complete,
    readPage: () =>
      tabId === undefined
        ? Promise.reject(new InklingError('bad-request', 'Ask about a page from the page itself.'))
        : deps.readPage(tabId),
    language: deps.language(),
  });

  return {
    async plan(task: TaskRequest, control: TaskControl): Promise<AnswerPlan> {
      if (task.kind === 'chat') {
        // The engine's context is asked first: the pages' passages are fitted to it.
        const fit = task.sources?.length ? await deps.contextInfo(task.conversationId) : {};
        const context = task.sources?.length
          ? await gatherSources(
              task.sources,
              task.question,
              {
                readPage: deps.readPage,
                stored: () => deps.writer.sourceTexts(task.conversationId),
                budgetChars: (text) => sourceBudgetChars(fit, control.answerTokens, text),
                signal: control.signal,
                ...(deps.embedder && { embedder: deps.embedder }),
              },
              control.progress,
            )
          : undefined;
        const question = await deps.writer.ask(task, context);
        // A question that could not be stored is reported by the answer's recorder.
        question.saved.then(
          ({ conversationId, title }) =>
            control.prepared({
              question: task.question,
              title,
              conversationId,
              ...(context && { sources: context.used }),
            }),
          () => {},
        );
        return {
          conversationId: question.conversationId,
          saveTo: question.saved.then(({ conversationId }) => ({ conversationId, turnId: question.answerTurnId })),
          prepare: async () => ({
            messages: question.messages,
            ...(question.cpuModel && { cpuModel: question.cpuModel }),
            ...(context && { quoted: true }),
          }),
          ...(context && { quotes: context.sources }),
        };
      }
      return {
        async prepare() {
          const { signal, progress: onProgress } = control;
          const prepared = await prepareTask(task, prepareDeps(control), { signal, onProgress });
          control.prepared({ question: prepared.question, title: prepared.title });
          return toEngineRequest(prepared);
        },
      };
    },

    /**
     * A task from the page (a context-menu action) answered into a new conversation, which the
     * background answers on its own: its question is stored before this resolves.
     */
    async startInConversation(task: PromptTask, control: Omit<TaskControl, 'prepared' | 'tabId'>) {
      const language = deps.language();
      const { question, title, brief } = promptQuestion(task, language);
      const systemPrompt = await deps.systemPrompt();
      const stored = await deps.writer.startTask({
        title,
        question,
        ...(brief && { brief }),
        ...(systemPrompt && { systemPrompt }),
      });
      const { conversationId } = stored;
      const plan: AnswerPlan = {
        conversationId,
        saveTo: Promise.resolve(stored),
        async prepare() {
          const { signal, progress: onProgress } = control;
          return toEngineRequest(await prepareTask(task, prepareDeps(control), { signal, onProgress }), systemPrompt);
        },
      };
      return { conversationId, plan };
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;

/** What the engine is sent for a prepared task: its prompt, after the system prompt if any. */
function toEngineRequest({ prompt, summaryOf, translationOf }: PreparedTask, systemPrompt?: string) {
  const system: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  return {
    messages: [...system, { role: 'user' as const, content: prompt }],
    ...(summaryOf !== undefined && { summaryOf }),
    ...(translationOf !== undefined && { translationOf }),
  };
}
