import type { EnginePicker } from '../engines/picker';
import type { Engine } from '../engines/engine';
import type { EngineId, EngineStatus, PrepareProgress } from '../contracts/engine';
import { errorMessage, InklingError, isAbortError } from '../contracts/errors';
import type { GenerationResult } from '../contracts/result';
import type { TaskRouter } from '../tasks/task-router';
import {
  ClientMessageSchema,
  type ClientMessage,
  type GenerateOptions,
  type ServerMessage,
} from '../contracts/protocol';
import { toErrorEnvelope } from '../rpc/envelope';
import { post, type PortLike } from '../rpc/port';
import { serveRpc, type NoticeHandlers, type RequestContext, type RequestHandlers } from '../rpc/server';
import type { AnswerSink } from './answer-recorder';
import { createTaskRequests, type AnswerRequest } from './task-requests';
import { createLiveAnswers } from '../tasks/live-answers';
import type { PageAnswers } from '../tasks/page-answers';
import type { TaskService } from '../tasks/task-service';
import { allows, type SenderRole } from './capabilities';
import type { QuoteToShow } from '../contracts/source';
import { admitEngine } from './admit';
import { generate, type RequestEvent } from './generation';

export interface StreamServerOptions {
  picker: EnginePicker;
  /** Told when the first request starts and when the last one ends, e.g. to keep the worker alive. */
  onBusyChange?: (busy: boolean) => void;
  /** Saves the answers of tasks in conversations as they stream. */
  answers?: AnswerSink;
  /** Prepares tasks (prompts, the page, summaries in parts) and writes conversations' turns. */
  taskService?: TaskService;
  /** The user's sampling, for answers the background starts itself. */
  sampling?: () => Promise<GenerateOptions>;
  /** Records the answers written for pages' cards, for "Continue in side panel". */
  pageAnswers?: PageAnswers;
  /** Side panels that say they are ready for tasks. */
  tasks?: Pick<TaskRouter, 'panelReady'>;
  /** Switches to a citation's page and highlights its words there. */
  showQuote?(quote: QuoteToShow): Promise<void>;
  /** Takes requests that carry `summaryOf`, when it accepts their text. */
  summarizer?: DirectEngine;
  /** Takes requests that carry `translationOf`, when it accepts their text (Chrome's Translator). */
  translator?: DirectEngine;
  now?: () => number;
}

/** An API for one task (a summary, a translation) that takes a request's text when it can. */
type DirectEngine = Engine & { accepts(text: string, language?: string): Promise<boolean> };

interface Preparing {
  controller: AbortController;
  progress: PrepareProgress;
  lastSentAt: number;
  engine?: EngineId;
}

type Context = RequestContext<RequestEvent>;

/** Progress is broadcast to every surface at most this often. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The background's side of the surfaces' ports: picks the engine for each request and streams its
 * deltas back on its own port, answers status, runs downloads, and hands side panels their tasks.
 */
export function createStreamServer({
  picker,
  onBusyChange,
  answers,
  tasks,
  summarizer,
  translator,
  taskService,
  pageAnswers,
  showQuote,
  sampling = async () => ({}),
  now = () => performance.now(),
}: StreamServerOptions) {
  const ports = new Set<PortLike>();
  let running = 0;
  let preparing: Preparing | undefined;

  const broadcast = (message: ServerMessage) => {
    for (const port of ports) post(port, message);
  };
  const broadcastError = (error: InklingError) => broadcast({ type: 'error', ...toErrorEnvelope(error) });

  async function engineStatus(refresh = false, retryFailed = false): Promise<EngineStatus> {
    const { engine, reports } = await picker.pick({ refresh, retryFailed });
    return {
      ...(engine && { active: { id: engine.id, label: engine.label, model: engine.model } }),
      engines: reports,
      ...(preparing && { preparing: { ...preparing.progress, ...(preparing.engine && { engine: preparing.engine }) } }),
    };
  }

  async function broadcastStatus(refresh = false) {
    broadcast({ type: 'engine-status', status: await engineStatus(refresh) });
  }

  /** Runs `work` counted as busy: the count goes up once and down once, however it ends. */
  async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
    if (++running === 1) onBusyChange?.(true);
    try {
      return await work();
    } finally {
      if (--running === 0) onBusyChange?.(false);
    }
  }

  async function prepare(engineId?: EngineId) {
    if (preparing) return;
    // Taken before the engine question, so that a second 'prepare' meanwhile starts nothing.
    const current: Preparing = {
      controller: new AbortController(),
      progress: { progress: 0, phase: 'Starting' },
      lastSentAt: -Infinity,
    };
    preparing = current;
    await whileBusy(async () => {
      const engine = engineId ? picker.engine(engineId) : (await picker.pick()).engine;
      current.engine = engine?.id;
      if (!engine) {
        preparing = undefined;
        broadcastError(
          new InklingError('no-engine', 'No engine can run in this browser, so there is nothing to download.'),
        );
        return;
      }
      void broadcastStatus();
      try {
        await engine.prepare((progress) => {
          current.progress = progress;
          const at = performance.now();
          if (at - current.lastSentAt < PROGRESS_INTERVAL_MS && progress.progress < 1) return;
          current.lastSentAt = at;
          void broadcastStatus();
        }, current.controller.signal);
      } catch (error) {
        if (!isAbortError(error)) {
          picker.markFailed(engine.id, errorMessage(error));
          broadcastError(
            new InklingError('engine-failed', `${engine.label} could not be prepared: ${errorMessage(error)}`),
          );
        }
      } finally {
        preparing = undefined;
      }
    });
    await broadcastStatus(true);
  }

  /** One answer: the engine that can take it, then its deltas; ends as soon as it is cancelled. */
  async function answer(
    { messages, conversationId, options, summaryOf, translationOf, cpuModel, quoted }: AnswerRequest,
    context: Pick<Context, 'signal' | 'emit'>,
  ): Promise<GenerationResult> {
    const startedAt = now();
    // A plain summary goes to Chrome's Summarizer API, a translation to its Translator, when it is
    // ready and the text fits.
    const [direct, text] =
      summaryOf !== undefined
        ? [summarizer, summaryOf]
        : translationOf !== undefined
          ? [translator, translationOf]
          : [];
    const directly =
      direct && text !== undefined ? await direct.accepts(text, options.language).catch(() => false) : false;
    // Stopped before it began (while its task was prepared): no engine is asked whether it can
    // take it, only named for the 'cancelled' end.
    const stoppedEngine = context.signal.aborted ? (await picker.pick()).engine : undefined;
    const engine = directly ? direct! : (stoppedEngine ?? (await admit()));
    const request = {
      engine,
      startedAt,
      now,
      messages: directly ? [{ role: 'user' as const, content: text! }] : messages,
      conversationId,
      options,
      ...(engine.id === 'cpu' && cpuModel && { modelChoice: cpuModel }),
      ...(quoted && { quoted }),
    };
    // Cancelled or disconnected while the engine was picked: 'cancelled' at once, the engine never starts.
    if (context.signal.aborted) return generate(request, context);
    return whileBusy(() =>
      generate(request, context).catch((error: unknown) => {
        // An engine that broke (a GPU lost, out of memory) makes way for the next one.
        if (error instanceof InklingError && error.code === 'engine-failed')
          picker.markFailed(engine.id, error.message);
        void broadcastStatus();
        throw error;
      }),
    );
  }

  /** Serves a surface's port; what it may send depends on who it is. */
  function connect(port: PortLike, role: SenderRole) {
    ports.add(port);
    let leavePanel: (() => void) | undefined;

    // Only the page's card asks about the page of its own tab.
    const tabId = role === 'page-frame' ? (port.sender?.tab as { id?: number } | undefined)?.id : undefined;
    const requests = {
      start: (message, context) => answer(message, context),
      run: (message, context) => served().run(message, context, tabId),
      watch: (message, context) => served().watch(message, context),
    } satisfies Pick<RequestHandlers<ClientMessage, RequestEvent>, 'start' | 'run' | 'watch'>;

    const notices = {
      // A surface that asks afresh (a panel being opened) is the user trying again.
      status: ({ refresh }) =>
        void engineStatus(refresh, refresh).then((status) =>
          post(port, { type: 'engine-status', status } satisfies ServerMessage),
        ),
      prepare: ({ engine }) => void prepare(engine),
      'cancel-prepare': () => preparing?.controller.abort(),
      'stop-answer': (message) => void taskRequests?.stopAnswer(message),
      'show-quote': ({ type: _type, ...quote }) =>
        void showQuote?.(quote).catch((error: unknown) =>
          post(port, { type: 'error', ...toErrorEnvelope(error) } satisfies ServerMessage),
        ),
      'panel-ready': ({ windowId }) => {
        leavePanel?.();
        leavePanel = tasks?.panelReady(windowId, (task) =>
          // Started as a promise, so that a background without tasks answers with an error reply.
          Promise.resolve()
            .then(() => served().handOver(task))
            .then((handed) => post(port, { type: 'task', task: handed } satisfies ServerMessage))
            .catch((error: unknown) =>
              post(port, { type: 'error', ...toErrorEnvelope(error) } satisfies ServerMessage),
            ),
        );
      },
    } satisfies Omit<NoticeHandlers<ClientMessage>, keyof typeof requests | 'cancel'>;

    serveRpc<ClientMessage, RequestEvent>(port, {
      schema: ClientMessageSchema,
      requests,
      notices,
      allows: (message) => allows(role, message),
      onDisconnect() {
        ports.delete(port);
        leavePanel?.();
      },
    });
  }

  const taskRequests =
    taskService &&
    answers &&
    createTaskRequests({
      tasks: taskService,
      live: createLiveAnswers(),
      answers,
      answer,
      whileBusy,
      options: sampling,
      ...(pageAnswers && { pageAnswers }),
      onSaveError: (error) => broadcastError(new InklingError('storage-failed', errorMessage(error))),
    });
  const served = () => {
    if (!taskRequests) throw new InklingError('bad-request', 'This background runs no tasks.');
    return taskRequests;
  };

  /** The engine that takes a request now; throws why none can. */
  const admit = async () => admitEngine(await picker.pick(), preparing?.progress);

  return {
    connect,
    /** Asks the engines again and tells every surface, e.g. after the settings changed. */
    refresh: () => broadcastStatus(true),
    /** One prompt answered whole by the engine in use, for the background's own work (a translation). */
    async complete(prompt: string, signal: AbortSignal): Promise<GenerationResult> {
      const options = await sampling();
      return answer({ messages: [{ role: 'user', content: prompt }], options }, { signal, emit: () => {} });
    },
  };
}
