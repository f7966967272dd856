import type { ChatMessage, CpuModel } from '../contracts/engine';
import { InklingError } from '../contracts/errors';
import type { ClientMessage, GenerateOptions, Prepared } from '../contracts/protocol';
import type { GenerationResult } from '../contracts/result';
import type { PromptTask, Task } from '../contracts/task';
import { DEFAULT_MAX_TOKENS } from '../engines/engine';
import { fromErrorEnvelope, toErrorEnvelope } from '../rpc/envelope';
import type { RequestContext } from '../rpc/server';
import type { LiveAnswers } from '../tasks/live-answers';
import type { PageAnswers } from '../tasks/page-answers';
import type { AnswerPlan, TaskService } from '../tasks/task-service';
import { quotingAnswer } from '../context/quoting';
import { recordAnswer, type AnswerSink } from './answer-recorder';
import type { RequestEvent } from './generation';

type Context = Pick<RequestContext<RequestEvent>, 'signal' | 'emit'>;

/** What the engine is given for one answer. */
export interface AnswerRequest {
  messages: ChatMessage[];
  conversationId?: string;
  options: GenerateOptions;
  summaryOf?: string;
  /** The CPU model the conversation chose, for the CPU engine. */
  cpuModel?: CpuModel;
  /** A translation of this text into the user's language, which Chrome's Translator may do instead. */
  translationOf?: string;
  /** An answer that quotes its sources. */
  quoted?: boolean;
}

export interface TaskRequestDeps {
  tasks: TaskService;
  live: LiveAnswers;
  answers: AnswerSink;
  /** The server's one path to an engine: picks it, streams the deltas, resolves with the result. */
  answer(request: AnswerRequest, context: Context): Promise<GenerationResult>;
  /** Counts the work as busy (the service worker is kept alive) from its start to its end. */
  whileBusy<T>(work: () => Promise<T>): Promise<T>;
  /** The sampling the user set, for answers the background starts itself. */
  options(): Promise<GenerateOptions>;
  onSaveError(error: unknown): void;
  /** Records the answers written for pages' cards. */
  pageAnswers?: PageAnswers;
}

/**
 * The requests that carry a task ('run'), follow one the background answers on its own ('watch'),
 * and hand a task from the page to a side panel. The background prepares each answer (the page,
 * summaries in parts) before the engine is asked, and saves it as it streams.
 */
export function createTaskRequests(deps: TaskRequestDeps) {
  /** Prepares `plan` and answers it; a Stop during the preparation ends it as 'cancelled'. */
  async function answerPlan(plan: AnswerPlan, options: GenerateOptions, context: Context): Promise<GenerationResult> {
    const recorder = plan.saveTo && recordAnswer(plan.saveTo, deps.answers, deps.onSaveError);
    const quoting = plan.quotes && quotingAnswer(plan.quotes);
    const show = (event: RequestEvent) => {
      context.emit(event);
      if (event.type === 'delta') recorder?.delta(event.text);
    };
    // An answer that quotes its sources shows its text as it streams, and its quotes once checked.
    const emit = (event: RequestEvent) => {
      if (event.type !== 'delta' || !quoting) return show(event);
      const text = quoting.delta(event.text);
      if (text) show({ ...event, text });
    };
    const answering = (async () => {
      const prepared = await plan.prepare().catch((error: unknown) => {
        // The engine is then never started: the answer ends as cancelled, with its engine named.
        if (context.signal.aborted) return { messages: [] };
        throw error;
      });
      const { conversationId } = plan;
      const result = await deps.answer(
        { ...prepared, options, ...(conversationId && { conversationId }) },
        { ...context, emit },
      );
      if (!quoting) return result;
      const rest = quoting.rest();
      if (rest) show({ type: 'delta', text: rest });
      return quoting.finish(result);
    })();
    return recorder ? recorder.ended(answering) : answering;
  }

  /** Parts of a long text, answered whole with the request's sampling; they are not shown. */
  const completer =
    (options: GenerateOptions, signal: AbortSignal) =>
    async (prompt: string, { summaryOf }: { summaryOf?: string }) => {
      const messages: ChatMessage[] = [{ role: 'user', content: prompt }];
      const request = { messages, options, ...(summaryOf !== undefined && { summaryOf }) };
      const result = await deps.answer(request, { signal, emit: () => {} });
      signal.throwIfAborted();
      return result.text;
    };

  /** A task from the page, answered into a new conversation whoever watches; resolves with its id. */
  async function startInConversation(task: PromptTask): Promise<string> {
    const options = await deps.options();
    const stopping = new AbortController();
    let emit: (event: RequestEvent) => void = () => {};
    const control = {
      signal: stopping.signal,
      answerTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
      progress: (text: string) => emit({ type: 'progress', text }),
      complete: completer(options, stopping.signal),
    };
    const { conversationId, plan } = await deps.tasks.startInConversation(task, control);
    const live = deps.live.begin(conversationId, () => stopping.abort());
    emit = (event) => (event.type === 'delta' || event.type === 'progress') && live(event);
    // Busy for the whole task, the page and the parts too: a summary outlives the panel that asked.
    deps
      .whileBusy(() => answerPlan(plan, options, { signal: stopping.signal, emit }))
      .then(
        (result) => live({ type: 'done', result }),
        (error: unknown) => live({ type: 'error', ...toErrorEnvelope(error) }),
      );
    return conversationId;
  }

  return {
    run({ task, options }: Extract<ClientMessage, { type: 'run' }>, context: Context, tabId?: number) {
      // An answer for a page's card is recorded, for "Continue in side panel" to carry over.
      let record: ReturnType<PageAnswers['begin']> | undefined;
      const emit = (event: RequestEvent) => {
        if (event.type === 'delta') record?.delta(event.text);
        context.emit(event);
      };
      const control = {
        signal: context.signal,
        answerTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
        ...(tabId !== undefined && { tabId }),
        progress: (text: string) => emit({ type: 'progress', text }),
        prepared(prepared: Prepared) {
          record = tabId === undefined ? undefined : deps.pageAnswers?.begin(tabId, prepared);
          emit({ type: 'prepared', ...prepared, ...(record && { answerId: record.id }) });
        },
        complete: completer(options, context.signal),
      };
      const answering = deps.whileBusy(() =>
        deps.tasks.plan(task, control).then((plan) => answerPlan(plan, options, { ...context, emit })),
      );
      answering.then(
        (result) => record?.done(result),
        (error: unknown) => record?.failed(error),
      );
      return answering;
    },

    /** Stop, from any panel that shows it. */
    stopAnswer: ({ conversationId }: Extract<ClientMessage, { type: 'stop-answer' }>) => deps.live.stop(conversationId),

    /** Follows a live answer: what it has so far, then the rest; a cancel only stops following it. */
    watch({ conversationId }: Extract<ClientMessage, { type: 'watch' }>, context: Context) {
      return new Promise<GenerationResult>((resolve, reject) => {
        const unwatch = deps.live.watch(conversationId, (event) => {
          if (event.type === 'done') resolve(event.result);
          else if (event.type === 'error') reject(fromErrorEnvelope(event));
          else context.emit(event);
        });
        if (!unwatch) return reject(new InklingError('not-found', 'This answer is no longer being written.'));
        // A panel that closes or looks away only stops watching: Stop is 'stop-answer'.
        const onAbort = () => {
          unwatch();
          reject(new InklingError('disconnected', 'The panel stopped watching this answer.'));
        };
        context.signal.addEventListener('abort', onAbort, { once: true });
      });
    },

    /** What a side panel is handed: a task from the page becomes its running conversation. */
    async handOver(task: Task): Promise<Task> {
      if (task.kind !== 'prompt') return task;
      return { kind: 'open-conversation', conversationId: await startInConversation(task) };
    },
  };
}

export type TaskRequests = ReturnType<typeof createTaskRequests>;
