import * as v from 'valibot';
import { InklingError } from '../../contracts/errors';
import type { Settings } from '../../settings/settings';
import { post, type PortLike } from '../../rpc/port';
import type { PrepareProgress } from '../../contracts/engine';
import { FromHostSchema, type FromHost, type ToHost } from './protocol';

type CallMessage = Exclude<ToHost, { type: 'configure' | 'abort' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Final = Extract<FromHost, { type: 'availability' | 'prepared' | 'finish' }>;

interface CallHandlers {
  onProgress?: (progress: PrepareProgress) => void;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

interface PendingCall extends CallHandlers {
  resolve(message: Final): void;
  reject(error: unknown): void;
}

/** How long the offscreen document may take to start and connect. */
const ATTACH_TIMEOUT_MS = 15_000;

/**
 * The background's side of the engine host: opens the offscreen document when a call needs it,
 * sends it the settings on every (re)connect, and turns its replies back into promises.
 */
export function createHostClient({ openDocument }: { openDocument: () => Promise<void> }) {
  let port: PortLike | undefined;
  let waiters: ((port: PortLike) => void)[] = [];
  let settings: Settings | undefined;
  let nextCall = 1;
  const calls = new Map<number, PendingCall>();
  const idleListeners = new Set<() => void>();

  function attach(attached: PortLike) {
    port = attached;
    if (settings) post(attached, { type: 'configure', settings } satisfies ToHost);
    attached.onMessage.addListener(receive);
    attached.onDisconnect.addListener(() => {
      if (port !== attached) return;
      port = undefined;
      const lost = new InklingError('engine-failed', 'The engine page closed unexpectedly (it may have run out of memory). Send again to restart it.');
      for (const pending of calls.values()) pending.reject(lost);
      calls.clear();
    });
    for (const waiter of waiters) waiter(attached);
    waiters = [];
  }

  async function connected(): Promise<PortLike> {
    if (port) return port;
    const attached = new Promise<PortLike>((resolve, reject) => {
      waiters.push(resolve);
      setTimeout(() => reject(new InklingError('engine-failed', 'The engine page did not start. Reload the extension and try again.')), ATTACH_TIMEOUT_MS);
    });
    await openDocument();
    return attached;
  }

  function receive(data: unknown) {
    const parsed = v.safeParse(FromHostSchema, data);
    if (!parsed.success) return;
    const message = parsed.output;
    if (message.type === 'idle') {
      if (calls.size === 0) idleListeners.forEach((listener) => listener());
      return;
    }
    const pending = calls.get(message.call);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.progress);
        return;
      case 'delta':
        pending.onDelta?.(message.text);
        return;
      case 'error':
        calls.delete(message.call);
        pending.reject(hostError(message));
        return;
      default:
        calls.delete(message.call);
        pending.resolve(message);
    }
  }

  async function request<T extends CallMessage['type']>(
    message: DistributiveOmit<Extract<CallMessage, { type: T }>, 'call'>,
    handlers: CallHandlers = {},
  ): Promise<Final> {
    handlers.signal?.throwIfAborted();
    const target = await connected();
    const call = nextCall++;
    return new Promise<Final>((resolve, reject) => {
      const onAbort = () => post(target, { type: 'abort', call } satisfies ToHost);
      handlers.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => handlers.signal?.removeEventListener('abort', onAbort);
      calls.set(call, {
        ...handlers,
        resolve: (value) => (done(), resolve(value)),
        reject: (error) => (done(), reject(error)),
      });
      if (!post(target, { ...message, call } as ToHost)) calls.get(call)?.reject(new InklingError('engine-failed', 'The engine page is gone. Send again.'));
    });
  }

  return {
    attach,
    request,
    configure(next: Settings) {
      settings = next;
      if (port) post(port, { type: 'configure', settings } satisfies ToHost);
    },
    /** The host has been idle for the configured time, and nothing is running. */
    onIdle(listener: () => void) {
      idleListeners.add(listener);
    },
    get busy() {
      return calls.size > 0;
    },
  };
}

export type HostClient = ReturnType<typeof createHostClient>;

function hostError(message: Extract<FromHost, { type: 'error' }>): Error {
  if (message.code) return new InklingError(message.code, message.message);
  if (message.name === 'AbortError') return new DOMException(message.message, 'AbortError');
  return new InklingError('engine-failed', message.message);
}
