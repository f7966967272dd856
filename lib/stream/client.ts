import * as v from 'valibot';
import type { ChatMessage, EngineId } from '../contracts/engine';
import { InklingError } from '../contracts/errors';
import type { Task } from '../contracts/task';
import { createDeltaQueue } from '../rpc/delta-queue';
import { post, type PortLike } from '../rpc/port';
import { ConversationSchema, GenerateOptionsSchema, parseServerMessage, type ClientMessage, type GenerateOptions, type ServerMessage } from '../contracts/protocol';
import { type EngineStatus } from '../contracts/engine';
import { type GenerationResult } from '../contracts/result';

export type GenerateInput = string | ChatMessage[];

export interface GenerateStreamOptions extends GenerateOptions {
  /** Put before a string input; ignored when the input is a conversation (give it a system message). */
  systemPrompt?: string;
  /** Lets the engine keep this conversation's session between turns. */
  conversationId?: string;
  /** A stored assistant turn the background saves the answer into while it streams. */
  saveTo?: { conversationId: string; turnId: string };
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
}

interface PendingRequest {
  delta(text: string): void;
  done(result: GenerationResult): void;
  fail(error: InklingError): void;
}

const RECONNECT_DELAY_MS = 250;

/**
 * The one API every surface uses. Holds one port to the background, opened on first use and
 * opened again after the background restarts.
 */
export function createClient(connect: () => PortLike) {
  let port: PortLike | undefined;
  let nextRequest = 1;
  const requests = new Map<string, PendingRequest>();
  const statusListeners = new Set<(status: EngineStatus) => void>();
  const errorListeners = new Set<(error: InklingError) => void>();
  let tasks: { windowId: number; listener: (task: Task) => void } | undefined;

  function currentPort(): PortLike {
    if (port) return port;
    const opened = connect();
    opened.onMessage.addListener(receive);
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = undefined;
      const lost = new InklingError('disconnected', 'Inkling’s background stopped before the answer was finished. Send again.');
      for (const request of [...requests.values()]) request.fail(lost);
      requests.clear();
      // Surfaces that show the engine status keep a port, so they hear of a background that came back.
      if (statusListeners.size > 0) setTimeout(() => statusListeners.size > 0 && send({ type: 'status', refresh: false }), RECONNECT_DELAY_MS);
    });
    port = opened;
    // A background that restarted has forgotten this panel: say again that it takes tasks.
    if (tasks) post(opened, { type: 'panel-ready', windowId: tasks.windowId } satisfies ClientMessage);
    return opened;
  }

  /** The port, opened if need be; undefined once the extension was reloaded or removed under this page. */
  function openPort(): PortLike | undefined {
    try {
      return currentPort();
    } catch {
      return undefined;
    }
  }

  function send(message: ClientMessage): boolean {
    const target = openPort();
    return target !== undefined && post(target, message);
  }

  function receive(data: unknown) {
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      const error = new InklingError('bad-request', `The background sent a message Inkling does not understand: ${parsed.error}`);
      const request = parsed.id ? requests.get(parsed.id) : undefined;
      if (request) request.fail(error);
      else errorListeners.forEach((listener) => listener(error));
      return;
    }
    dispatch(parsed.message);
  }

  function dispatch(message: ServerMessage) {
    switch (message.type) {
      case 'delta':
        requests.get(message.id)?.delta(message.text);
        return;
      case 'done':
        requests.get(message.id)?.done(message.result);
        return;
      case 'error': {
        const error = new InklingError(message.code, message.message);
        const request = message.id ? requests.get(message.id) : undefined;
        if (request) request.fail(error);
        else errorListeners.forEach((listener) => listener(error));
        return;
      }
      case 'engine-status':
        statusListeners.forEach((listener) => listener(message.status));
        return;
      case 'task':
        tasks?.listener(message.task);
        return;
    }
  }

  async function generateStream(input: GenerateInput, options: GenerateStreamOptions = {}): Promise<GenerateStreamHandle> {
    const { systemPrompt, conversationId, saveTo, summaryOf, signal, ...generateOptions } = options;
    const messages = typeof input === 'string' ? [...(systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : []), { role: 'user' as const, content: input }] : input;
    const checkedMessages = check(ConversationSchema, messages);
    const checkedOptions = check(GenerateOptionsSchema, generateOptions);
    signal?.throwIfAborted();

    // Unique on this port, which is all an id needs; crypto.randomUUID is missing on http pages.
    const id = String(nextRequest++);
    let received = '';
    let cancelled = false;
    let settled = false;
    let resolveResult!: (result: GenerationResult) => void;
    let rejectResult!: (error: unknown) => void;
    const result = new Promise<GenerationResult>((resolve, reject) => {
      resolveResult = resolve;
      rejectResult = reject;
    });
    // Callers that only iterate still see the error there; this keeps it from also being "unhandled".
    result.catch(() => {});

    const cancel = () => {
      if (settled || cancelled) return;
      cancelled = true;
      queue.end();
      send({ type: 'cancel', id });
    };
    const queue = createDeltaQueue(cancel);
    const settle = () => {
      settled = true;
      requests.delete(id);
      signal?.removeEventListener('abort', cancel);
    };

    requests.set(id, {
      delta(text) {
        if (cancelled) return;
        received += text;
        queue.push(text);
      },
      done(serverResult) {
        settle();
        queue.end();
        // After a cancel, deltas still in flight were dropped here: the text is what this side got.
        resolveResult(cancelled ? { ...serverResult, text: received, finishReason: 'cancelled' } : serverResult);
      },
      fail(error) {
        settle();
        queue.fail(error);
        rejectResult(error);
      },
    });
    signal?.addEventListener('abort', cancel, { once: true });
    if (!send({ type: 'start', id, messages: checkedMessages, conversationId, options: checkedOptions, ...(saveTo && { saveTo }), ...(summaryOf !== undefined && { summaryOf }) })) {
      requests.get(id)?.fail(new InklingError('disconnected', 'Inkling’s background cannot be reached. Reload this page and try again.'));
    }
    return { stream: queue.iterable, result, cancel };
  }

  return {
    generateStream,
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
      const open = port;
      tasks = { windowId, listener };
      // A port opened from here on says so itself (see currentPort).
      if (open) send({ type: 'panel-ready', windowId });
      else openPort();
    },
    /** Downloads or loads an engine's model: the active engine's, or the one named. */
    prepare: (engine?: EngineId) => send({ type: 'prepare', ...(engine && { engine }) }),
    cancelPrepare: () => send({ type: 'cancel-prepare' }),
  };
}

export type InklingClient = ReturnType<typeof createClient>;

function check<T>(schema: v.GenericSchema<unknown, T>, value: unknown): T {
  const parsed = v.safeParse(schema, value);
  if (parsed.success) return parsed.output;
  throw new InklingError('bad-request', parsed.issues[0].message);
}
