/**
 * Test doubles for the stream code: an in-memory pair of runtime ports and a scripted engine.
 *
 * The ports behave like `chrome.runtime.Port` where the stream code can tell the difference:
 * - a message is structured-cloned when posted and delivered later (a macrotask by default, as
 *   Chrome delivers each port message in its own task), in order;
 * - `disconnect()` on one side fires the OTHER side's `onDisconnect` only, after any messages
 *   already in flight to it;
 * - posting on a port of a disconnected pair throws "Attempting to use a disconnected port object";
 * - a side that called `disconnect()` itself receives nothing more.
 */
import type {
  Availability,
  EngineFinish,
  EngineId,
  PrepareProgress,
  SamplingOptions,
} from '../../lib/contracts/engine';
import type { ContextInfo, Engine, EngineRequest } from '../../lib/engines/engine';
import type { PortLike } from '../../lib/rpc/port';
import { PORT_NAME } from '../../lib/contracts/protocol';

export type Delivery = 'task' | 'microtask';

export interface MemoryPort extends PortLike {
  /** Every message this side posted successfully, as posted (before cloning). */
  readonly sent: unknown[];
  /** Every message this side's listeners were handed. */
  readonly received: unknown[];
  /** False once either side disconnected. */
  readonly connected: boolean;
}

export interface PortPairOptions {
  name?: string;
  /** What the receiving (server) side sees as `port.sender`. */
  sender?: PortLike['sender'];
  delivery?: Delivery;
}

export const DISCONNECTED_PORT_MESSAGE = 'Attempting to use a disconnected port object';

const schedule = (delivery: Delivery, callback: () => void) => {
  if (delivery === 'microtask') queueMicrotask(callback);
  else setTimeout(callback, 0);
};

/**
 * Two connected ports: `client` is what `chrome.runtime.connect()` returns, `server` is what
 * `chrome.runtime.onConnect` hands the background (it carries `sender`).
 */
export function createPortPair(options: PortPairOptions = {}): { client: MemoryPort; server: MemoryPort } {
  const { name = PORT_NAME, sender, delivery = 'task' } = options;
  let pairConnected = true;

  interface Side {
    port: MemoryPort;
    state: { disconnectedItself: boolean; peer?: Side };
    deliver(message: unknown): void;
    fireDisconnect(): void;
  }

  function side(senderInfo: PortLike['sender'] | undefined): Side {
    const messageListeners: ((message: unknown) => void)[] = [];
    const disconnectListeners: (() => void)[] = [];
    const sent: unknown[] = [];
    const received: unknown[] = [];
    const state: Side['state'] = { disconnectedItself: false };

    const port: MemoryPort = {
      name,
      ...(senderInfo && { sender: senderInfo }),
      sent,
      received,
      get connected() {
        return pairConnected;
      },
      postMessage(message: unknown) {
        if (!pairConnected) throw new Error(DISCONNECTED_PORT_MESSAGE);
        const copy = structuredClone(message);
        sent.push(message);
        const peer = state.peer!;
        schedule(delivery, () => peer.deliver(copy));
      },
      disconnect() {
        if (state.disconnectedItself) return;
        state.disconnectedItself = true;
        if (!pairConnected) return;
        pairConnected = false;
        const peer = state.peer!;
        schedule(delivery, () => peer.fireDisconnect());
      },
      onMessage: { addListener: (listener) => void messageListeners.push(listener) },
      onDisconnect: { addListener: (listener) => void disconnectListeners.push(listener) },
    };

    return {
      port,
      state,
      deliver(message: unknown) {
        if (state.disconnectedItself) return;
        received.push(message);
        for (const listener of [...messageListeners]) listener(message);
      },
      fireDisconnect() {
        if (state.disconnectedItself) return;
        for (const listener of [...disconnectListeners]) listener();
      },
    };
  }

  const clientSide = side(undefined);
  const serverSide = side(sender);
  clientSide.state.peer = serverSide;
  serverSide.state.peer = clientSide;
  return { client: clientSide.port, server: serverSide.port };
}

// ---------------------------------------------------------------------------------------------
// A scripted engine
// ---------------------------------------------------------------------------------------------

/** One step of an engine's answer: a delta (after an optional delay), or an error thrown. */
export type ScriptStep = string | { delta: string; delayMs?: number } | { error: unknown; delayMs?: number };

export interface ScriptedEngineOptions {
  id?: EngineId;
  label?: string;
  model?: string;
  /** What `availability()` answers; a function is asked each time. */
  availability?: Availability | (() => Availability);
  /** What `contextInfo()` answers, asked each time. */
  context?: () => ContextInfo;
  /** How long `availability()` takes to answer (a slow GPU adapter or model cache). */
  availabilityDelayMs?: number;
  /** The answer, or a function of the request that gives it. */
  script?: readonly ScriptStep[] | ((request: EngineRequest) => readonly ScriptStep[]);
  /** Delay before each delta that gives none; 0 yields without waiting on a timer. */
  delayMs?: number;
  /** What the stream returns once the script ran out. */
  finish?: EngineFinish;
  /** Runs on `prepare()`; the default resolves at once. */
  prepare?: (onProgress: (progress: PrepareProgress) => void, signal: AbortSignal) => Promise<void>;
  /** When false, the stream ignores its signal (a badly behaved engine). */
  honourSignal?: boolean;
  /** Says its deltas come gathered at their source, as a hosted engine's do. */
  gathersDeltas?: boolean;
}

export interface StreamRecord {
  request: EngineRequest;
  /** Deltas yielded so far. */
  yielded: string[];
  /** True once the request's signal fired. */
  aborted: boolean;
  /** How the stream left: returned its finish, threw, or was closed by `return()` / an abort. */
  outcome?: 'finished' | 'threw' | 'closed';
}

import { sleep } from './streams';

export { sleep };

export class ScriptedEngine implements Engine {
  readonly id: EngineId;
  readonly label: string;
  readonly model: string;
  readonly gathersDeltas?: boolean;
  /** One record per `stream()` call, in order. */
  readonly streams: StreamRecord[] = [];
  /** Signals of streams that were aborted, in the order they fired. */
  readonly aborts: AbortSignal[] = [];
  availabilityCalls = 0;
  prepareCalls = 0;

  private readonly options: ScriptedEngineOptions;
  private readonly abortWaiters: (() => void)[] = [];
  private readonly streamWaiters: (() => void)[] = [];

  constructor(options: ScriptedEngineOptions = {}) {
    this.options = options;
    this.id = options.id ?? 'builtin';
    this.label = options.label ?? 'Scripted engine';
    this.model = options.model ?? 'scripted-1';
    if (options.gathersDeltas) this.gathersDeltas = true;
  }

  /** Changes what `availability()` answers from now on. */
  setAvailability(availability: Availability | (() => Availability)): void {
    this.options.availability = availability;
  }

  async availability(_options: SamplingOptions): Promise<Availability> {
    this.availabilityCalls++;
    if (this.options.availabilityDelayMs) await sleep(this.options.availabilityDelayMs);
    const availability = this.options.availability ?? { state: 'available' };
    return typeof availability === 'function' ? availability() : availability;
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    this.prepareCalls++;
    await this.options.prepare?.(onProgress, signal);
  }

  contextInfo(_conversationId?: string): ContextInfo {
    return this.options.context?.() ?? {};
  }

  /** Resolves once `count` streams have been aborted in all. */
  whenAborted(count = 1): Promise<void> {
    return this.waitFor(() => this.aborts.length >= count, this.abortWaiters);
  }

  /** Resolves once `count` streams have started in all. */
  whenStreamed(count = 1): Promise<void> {
    return this.waitFor(() => this.streams.length >= count, this.streamWaiters);
  }

  private waitFor(condition: () => boolean, waiters: (() => void)[]): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return false;
        resolve();
        return true;
      };
      waiters.push(() => void check());
    });
  }

  private wake(waiters: (() => void)[]) {
    for (const waiter of waiters.splice(0)) waiter();
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const record: StreamRecord = { request, yielded: [], aborted: false };
    this.streams.push(record);
    const honour = this.options.honourSignal ?? true;
    const onAbort = () => {
      record.aborted = true;
      this.aborts.push(request.signal);
      this.wake(this.abortWaiters);
    };
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener('abort', onAbort, { once: true });
    this.wake(this.streamWaiters);

    const script =
      typeof this.options.script === 'function'
        ? this.options.script(request)
        : (this.options.script ?? ['Hello', ', ', 'world', '.']);
    try {
      for (const step of script) {
        const { delayMs = this.options.delayMs ?? 0 } = typeof step === 'string' ? {} : step;
        if (delayMs > 0) await sleep(delayMs, honour ? request.signal : undefined);
        if (honour) request.signal.throwIfAborted();
        if (typeof step !== 'string' && 'error' in step) throw step.error;
        const delta = typeof step === 'string' ? step : step.delta;
        record.yielded.push(delta);
        yield delta;
      }
      if (honour) request.signal.throwIfAborted();
      record.outcome = 'finished';
      return this.options.finish ?? { finishReason: 'stop' };
    } catch (error) {
      record.outcome = 'threw';
      throw error;
    } finally {
      record.outcome ??= 'closed';
      request.signal.removeEventListener('abort', onAbort);
    }
  }
}
