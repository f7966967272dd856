import type { EnginePicker } from '../engines/picker';
import type { Engine } from '../engines/engine';
import type { EngineId, PrepareProgress } from '../contracts/engine';
import { isAbortError, type ErrorCode } from '../contracts/errors';
import type { TaskRouter } from '../tasks/task-router';
import { recordAnswer, type AnswerSink } from './answer-recorder';
import { startGeneration, type RunningGeneration } from './generation';
import { post, type PortLike } from '../rpc/port';
import { parseClientMessage, type ClientMessage, type ServerMessage } from '../contracts/protocol';
import { type EngineStatus } from '../contracts/engine';

export interface StreamServerOptions {
  picker: EnginePicker;
  /** Told when the first request starts and when the last one ends, e.g. to keep the worker alive. */
  onBusyChange?: (busy: boolean) => void;
  /** Saves answers that ask for it (`saveTo`) as they stream. */
  answers?: AnswerSink;
  /** Side panels that say they are ready for tasks. */
  tasks?: Pick<TaskRouter, 'panelReady'>;
  /** Takes requests that carry `summaryOf`, when it accepts their text. */
  summarizer?: Engine & { accepts(text: string, language?: string): Promise<boolean> };
  now?: () => number;
}

interface Preparing {
  controller: AbortController;
  progress: PrepareProgress;
  lastSentAt: number;
  engine?: EngineId;
}

type Handlers = { [K in ClientMessage['type']]: (message: Extract<ClientMessage, { type: K }>) => void };

/** Progress is broadcast to every surface at most this often. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The background's side of the port protocol: validates what surfaces send, picks the engine,
 * streams each request's deltas back on its own port, and frees the engine when a port goes away.
 */
export function createStreamServer({ picker, onBusyChange, answers, tasks, summarizer, now = () => performance.now() }: StreamServerOptions) {
  const ports = new Set<PortLike>();
  let running = 0;
  let preparing: Preparing | undefined;

  const broadcast = (message: ServerMessage) => ports.forEach((port) => post(port, message));

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

  function setRunning(delta: 1 | -1) {
    running += delta;
    if (running === (delta === 1 ? 1 : 0)) onBusyChange?.(running > 0);
  }

  async function prepare(engineId?: EngineId) {
    if (preparing) return;
    // Taken before the engine question, so that a second 'prepare' meanwhile starts nothing.
    const current: Preparing = { controller: new AbortController(), progress: { progress: 0, phase: 'Starting' }, lastSentAt: -Infinity };
    preparing = current;
    setRunning(1);
    const choice = await picker.pick();
    const engine = engineId ? picker.engine(engineId) : choice.engine;
    current.engine = engine?.id;
    if (!engine) {
      preparing = undefined;
      setRunning(-1);
      broadcast({ type: 'error', code: 'no-engine', message: 'No engine can run in this browser, so there is nothing to download.' });
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
        const message = error instanceof Error ? error.message : String(error);
        picker.markFailed(engine.id, message);
        broadcast({ type: 'error', code: 'engine-failed', message: `${engine.label} could not be prepared: ${message}` });
      }
    } finally {
      preparing = undefined;
      setRunning(-1);
      await broadcastStatus(true);
    }
  }

  function connect(port: PortLike) {
    ports.add(port);
    const requests = new Map<string, RunningGeneration>();
    let leavePanel: (() => void) | undefined;

    async function start({ id, messages, conversationId, options, saveTo, summaryOf }: Extract<ClientMessage, { type: 'start' }>) {
      const receivedAt = now();
      const toPort = (message: ServerMessage) => post(port, message);
      const send = saveTo && answers ? recordAnswer(toPort, saveTo, answers, (error) => reportSaveError(port, error)) : toPort;
      if (requests.has(id)) {
        post(port, { type: 'error', id, code: 'bad-request', message: `A request with id ${id} is already running.` });
        return;
      }
      // Held from now on, so that a cancel or a disconnect during the engine question still counts.
      const pending = { cancelled: false, cancel() { this.cancelled = true; } };
      requests.set(id, pending);
      // A plain summary goes to Chrome's Summarizer API when it is ready and the text fits.
      const summarizing = summaryOf !== undefined && summarizer ? await summarizer.accepts(summaryOf, options.language).catch(() => false) : false;
      const admission = summarizing ? { engine: summarizer! } : await admit();
      // A cancel that came meanwhile still gets its 'done' (below), unless nobody is left to hear it.
      if (pending.cancelled && !ports.has(port)) return;
      if ('refusal' in admission) {
        requests.delete(id);
        send({ type: 'error', id, ...admission.refusal });
        return;
      }
      const { engine } = admission;
      setRunning(1);
      requests.set(
        id,
        startGeneration({
          id,
          engine,
          startedAt: receivedAt,
          messages: summarizing ? [{ role: 'user' as const, content: summaryOf! }] : messages,
          conversationId,
          options,
          now,
          send,
          onEnd(error) {
            requests.delete(id);
            setRunning(-1);
            if (!error) return;
            // An engine that broke (a GPU lost, out of memory) makes way for the next one.
            if (error.code === 'engine-failed') picker.markFailed(engine.id, error.message);
            void broadcastStatus();
          },
        }),
      );
      if (pending.cancelled) requests.get(id)?.cancel();
    }

    const handlers = {
      start: (message) => void start(message),
      cancel: ({ id }) => requests.get(id)?.cancel(),
      // A surface that asks afresh (a panel being opened) is the user trying again.
      status: ({ refresh }) =>
        void engineStatus(refresh, refresh).then((status) => post(port, { type: 'engine-status', status })),
      prepare: ({ engine }) => void prepare(engine),
      'cancel-prepare': () => preparing?.controller.abort(),
      'panel-ready': ({ windowId }) => {
        leavePanel?.();
        leavePanel = tasks?.panelReady(windowId, (task) => post(port, { type: 'task', task }));
      },
    } satisfies Handlers as Handlers;

    port.onMessage.addListener((data) => {
      const parsed = parseClientMessage(data);
      if (!parsed.ok) {
        post(port, { type: 'error', ...(parsed.id && { id: parsed.id }), code: 'bad-request', message: parsed.error });
        return;
      }
      const message = parsed.message;
      (handlers[message.type] as (message: ClientMessage) => void)(message);
    });

    port.onDisconnect.addListener(() => {
      ports.delete(port);
      leavePanel?.();
      for (const request of [...requests.values()]) request.cancel();
      requests.clear();
    });
  }

  function reportSaveError(port: PortLike, error: unknown) {
    const detail = error instanceof Error ? error.message : String(error);
    post(port, { type: 'error', code: 'storage-failed', message: detail });
  }

  /** The engine that takes a request now, or why none can. */
  async function admit(): Promise<{ engine: Engine } | { refusal: { code: ErrorCode; message: string } }> {
    const { engine, reports } = await picker.pick();
    const refuse = (code: ErrorCode, message: string) => ({ refusal: { code, message } });
    if (!engine) {
      const reasons = reports.map((report) =>
        report.availability.state === 'unavailable' ? `${report.label}: ${report.availability.reason}` : '',
      );
      return refuse('no-engine', `No engine can run in this browser. ${reasons.filter(Boolean).join(' ')}`.trim());
    }
    const availability = reports.find((report) => report.id === engine.id)!.availability;
    if (availability.state === 'downloading' || preparing) {
      const percent = preparing ? ` (${Math.round(preparing.progress.progress * 100)}%)` : '';
      return refuse('needs-download', `${engine.label} is still downloading${percent}. Send again when it is ready.`);
    }
    if (availability.state === 'downloadable') {
      return refuse('needs-download', `${engine.label} must be downloaded first: choose Download in the side panel. ${availability.detail}`);
    }
    return { engine };
  }

  return {
    connect,
    /** Asks the engines again and tells every surface, e.g. after the settings changed. */
    refresh: () => broadcastStatus(true),
  };
}
