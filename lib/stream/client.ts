import * as v from 'valibot';
import type { ChatMessage, EngineId, EngineStatus } from '../contracts/engine';
import { InklingError } from '../contracts/errors';
import { TaskRequestSchema, type Task, type TaskRequest } from '../contracts/task';
import type { GenerationResult } from '../contracts/result';
import {
  ConversationSchema,
  GenerateOptionsSchema,
  ServerMessageSchema,
  type ClientMessage,
  type GenerateOptions,
  type ServerMessage,
} from '../contracts/protocol';
import { openRpcClient, type RpcClient } from '../rpc/client';
import type { DistributiveOmit } from '../rpc/server';
import { createDeltaQueue } from '../rpc/delta-queue';
import type { PortLike } from '../rpc/port';
import type { QuoteToShow } from '../contracts/source';
import type { RunTaskOptions, TaskEvents } from './task-events';

export type GenerateInput = string | ChatMessage[];

export interface GenerateStreamOptions extends GenerateOptions {
  /** Put before a string input; ignored when the input is a conversation (give it a system message). */
  systemPrompt?: string;
  /** Lets the engine keep this conversation's session between turns. */
  conversationId?: string;
  /** For a plain summary: the text alone, for Chrome's Summarizer API where it is ready. */
  summaryOf?: string;
  signal?: AbortSignal;
}

export interface GenerateStreamHandle {
  /** Text deltas; leaving the loop early cancels the generation. Throws the error that ends it. */
  stream: AsyncIterable<string>;
  /** Resolves once the generation ends, cancelled or not; rejects with the same error the stream throws. */
  result: Promise<GenerationResult>;
  /** Stops the generation now: the stream ends, no delta follows, `result` resolves as 'cancelled'. */
  cancel(): void;
  /**
   * Stops following without stopping the generation, for an answer the background writes on its
   * own (a watch); otherwise the same as cancel.
   */
  release?(): void;
}

const RECONNECT_DELAY_MS = 250;

/**
 * The one API every surface uses. Holds one port to the background, opened on first use and
 * opened again after the background restarts.
 */
export function createClient(connect: () => PortLike, { now = () => performance.now() } = {}) {
  let channel: RpcClient<ClientMessage, ServerMessage> | undefined;
  const statusListeners = new Set<(status: EngineStatus) => void>();
  const errorListeners = new Set<(error: InklingError) => void>();
  let tasks: { windowId: number; listener: (task: Task) => void } | undefined;

  function currentChannel(): RpcClient<ClientMessage, ServerMessage> {
    if (channel) return channel;
    const opened = openRpcClient<ClientMessage, ServerMessage>(connect(), {
      schema: ServerMessageSchema,
      peer: 'The background',
      onNotice(message) {
        if (message.type === 'engine-status') for (const listener of statusListeners) listener(message.status);
        else if (message.type === 'task') tasks?.listener(message.task);
      },
      onError: (error) => {
        for (const listener of errorListeners) listener(error);
      },
      lost: () =>
        new InklingError('disconnected', 'Inkling’s background stopped before the answer was finished. Send again.'),
      onDisconnect() {
        if (channel !== opened) return;
        channel = undefined;
        // Surfaces that show the engine status keep a port, so they hear of a background that came back.
        const ask = () => statusListeners.size > 0 && send({ type: 'status', refresh: false });
        if (statusListeners.size > 0) setTimeout(ask, RECONNECT_DELAY_MS);
      },
    });
    channel = opened;
    // A background that restarted has forgotten this panel: say again that it takes tasks.
    if (tasks) opened.notify({ type: 'panel-ready', windowId: tasks.windowId });
    return opened;
  }

  /** The channel, opened if need be; undefined once the extension was reloaded or removed under this page. */
  function openChannel(): RpcClient<ClientMessage, ServerMessage> | undefined {
    try {
      return currentChannel();
    } catch {
      return undefined;
    }
  }

  const send = (message: ClientMessage): boolean => openChannel()?.notify(message) ?? false;

  /**
   * Sends one request and streams its deltas: `handle.stream` yields them, `handle.result` carries
   * the metrics, with the time to the first delta from this call, where the user's wait starts.
   */
  function streamRequest(
    message: DistributiveOmit<Extract<ClientMessage, { type: 'start' | 'run' | 'watch' }>, 'id'>,
    { signal, ...events }: TaskEvents & { signal?: AbortSignal },
  ): GenerateStreamHandle {
    const calledAt = now();
    let received = '';
    let firstDeltaAt: number | undefined;
    let cancelled = false;
    const queue = createDeltaQueue(() => cancel());
    const call = openChannel()?.request<GenerationResult>(message, {
      onEvent(event) {
        if (cancelled) return;
        if (event.type === 'progress') events.onProgress?.(event.text);
        if (event.type === 'prepared') {
          const { type: _type, id: _id, ...prepared } = event;
          events.onPrepared?.(prepared);
        }
        if (event.type !== 'delta') return;
        firstDeltaAt ??= now();
        received += event.text;
        queue.push(event.text);
      },
    });
    function cancel() {
      if (cancelled) return;
      cancelled = true;
      queue.end();
      call?.cancel();
    }
    signal?.addEventListener('abort', cancel, { once: true });

    const unreachable = () =>
      new InklingError('disconnected', 'Inkling’s background cannot be reached. Reload this page and try again.');
    const result = (call ? call.result : Promise.reject(unreachable())).then(
      (serverResult): GenerationResult => {
        queue.end();
        return {
          ...serverResult,
          // After a cancel, deltas still in flight were dropped here: the text is what this side got.
          ...(cancelled && { text: received, finishReason: 'cancelled' as const }),
          // A watch replays text written before it: its wait is no time to a first token.
          ...(firstDeltaAt !== undefined &&
            message.type !== 'watch' && { clientTimeToFirstTokenMs: firstDeltaAt - calledAt }),
        };
      },
      (error: unknown) => {
        queue.fail(error);
        throw error;
      },
    );
    void result.finally(() => signal?.removeEventListener('abort', cancel)).catch(() => {});
    return { stream: queue.iterable, result, cancel };
  }

  async function generateStream(
    input: GenerateInput,
    options: GenerateStreamOptions = {},
  ): Promise<GenerateStreamHandle> {
    const { systemPrompt, conversationId, summaryOf, signal, ...generateOptions } = options;
    const system = systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : [];
    const messages = typeof input === 'string' ? [...system, { role: 'user' as const, content: input }] : input;
    const checkedMessages = check(ConversationSchema, messages);
    const checkedOptions = check(GenerateOptionsSchema, generateOptions);
    signal?.throwIfAborted();
    return streamRequest(
      {
        type: 'start',
        messages: checkedMessages,
        conversationId,
        options: checkedOptions,
        ...(summaryOf !== undefined && { summaryOf }),
      },
      { ...(signal && { signal }) },
    );
  }

  /** A task the background prepares (the page, summaries in parts, a conversation's turns) and answers. */
  async function runTask(task: TaskRequest, { signal, onProgress, onPrepared, ...options }: RunTaskOptions) {
    const checkedTask = check(TaskRequestSchema, task);
    const checkedOptions = check(GenerateOptionsSchema, options);
    signal?.throwIfAborted();
    return streamRequest(
      { type: 'run', task: checkedTask, options: checkedOptions },
      { signal, onProgress, onPrepared },
    );
  }

  /**
   * Follows the answer the background writes into a conversation on its own (a task from the page):
   * its progress and text so far, then the rest. Its result rejects with 'not-found' when none runs.
   */
  async function watchAnswer(conversationId: string, events: TaskEvents): Promise<GenerateStreamHandle> {
    const watching = streamRequest({ type: 'watch', conversationId }, events);
    return {
      ...watching,
      // Stop stops the answer itself, which then ends the watch with its metrics.
      cancel: () => send({ type: 'stop-answer', conversationId }),
      release: watching.cancel,
    };
  }

  return {
    generateStream,
    runTask,
    watchAnswer,
    /** Calls `listener` with every engine status, starting with the current one (asked afresh with `refresh`). */
    onStatus(listener: (status: EngineStatus) => void, { refresh = false } = {}): () => void {
      statusListeners.add(listener);
      send({ type: 'status', refresh });
      return () => statusListeners.delete(listener);
    },
    /** Errors that belong to no request, such as a failed download. */
    onError(listener: (error: InklingError) => void): () => void {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    refreshStatus: () => send({ type: 'status', refresh: true }),
    /** For the side panel: takes the tasks for its window (context menu, commands), now and later. */
    takeTasks(windowId: number, listener: (task: Task) => void) {
      const open = channel;
      tasks = { windowId, listener };
      // A channel opened from here on says so itself (see currentChannel).
      if (open) send({ type: 'panel-ready', windowId });
      else openChannel();
    },
    /** Downloads or loads an engine's model: the active engine's, or the one named. */
    prepare: (engine?: EngineId) => send({ type: 'prepare', ...(engine && { engine }) }),
    cancelPrepare: () => send({ type: 'cancel-prepare' }),
    /** Switches to a citation's page and highlights its words there. */
    showQuote: (quote: QuoteToShow) => send({ type: 'show-quote', ...quote }),
  };
}

export type InklingClient = ReturnType<typeof createClient>;

function check<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  throw new InklingError('bad-request', parsed.issues[0].message);
}
