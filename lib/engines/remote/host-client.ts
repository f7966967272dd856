import { InklingError } from '../../contracts/errors';
import type { Settings } from '../../settings/settings';
import { openRpcClient, type RpcClient } from '../../rpc/client';
import type { PortLike } from '../../rpc/port';
import {
  FromHostSchema,
  HOST_RESULTS,
  type FromHost,
  type HostRequestType,
  type HostResult,
  type ToHost,
} from './protocol';

type Channel = RpcClient<ToHost, FromHost>;
type HostRequest<T extends HostRequestType> = Omit<Extract<ToHost, { type: T }>, 'id'> & { type: T };

interface CallOptions {
  onEvent?: (event: FromHost) => void;
  signal?: AbortSignal;
}

/** How long the offscreen document may take to start and connect. */
const ATTACH_TIMEOUT_MS = 15_000;

/**
 * The background's side of the engine host: opens the offscreen document when a call needs it,
 * sends it the settings on every (re)connect, and makes each engine method a request over lib/rpc.
 */
export function createHostClient({ openDocument }: { openDocument: () => Promise<void> }) {
  let channel: Channel | undefined;
  let waiters: ((channel: Channel) => void)[] = [];
  let settings: Settings | undefined;
  const idleListeners = new Set<() => void>();

  function attach(port: PortLike) {
    const attached: Channel = openRpcClient<ToHost, FromHost>(port, {
      schema: FromHostSchema,
      peer: 'The engine page',
      onNotice(message) {
        if (message.type === 'idle' && attached.pending === 0) for (const listener of idleListeners) listener();
      },
      onError: (error) => console.error('Inkling engine host:', error.message),
      lost: () =>
        new InklingError(
          'engine-failed',
          'The engine page closed unexpectedly (it may have run out of memory). Send again to restart it.',
        ),
      onDisconnect() {
        if (channel === attached) channel = undefined;
      },
    });
    channel = attached;
    if (settings) attached.notify({ type: 'configure', settings });
    for (const waiter of waiters) waiter(attached);
    waiters = [];
  }

  async function connected(): Promise<Channel> {
    if (channel) return channel;
    const attached = new Promise<Channel>((resolve, reject) => {
      const waiter = (channel: Channel) => {
        clearTimeout(timer);
        resolve(channel);
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((other) => other !== waiter);
        reject(new InklingError('engine-failed', 'The engine page did not start. Reload the extension and try again.'));
      }, ATTACH_TIMEOUT_MS);
      waiters.push(waiter);
    });
    await openDocument();
    return attached;
  }

  /** Runs an engine method in the host; an abort of `signal` cancels it there. */
  async function request<T extends HostRequestType>(
    message: HostRequest<T>,
    { onEvent, signal }: CallOptions = {},
  ): Promise<HostResult<T>> {
    signal?.throwIfAborted();
    const target = await connected();
    // Stopped while the engine page started: nothing is sent.
    signal?.throwIfAborted();
    const result = HOST_RESULTS[message.type] as never;
    const call = target.request<HostResult<T>>(message as never, { onEvent, result });
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await call.result;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    attach,
    request,
    configure(next: Settings) {
      settings = next;
      channel?.notify({ type: 'configure', settings });
    },
    /** The host has been idle for the configured time, and nothing is running. */
    onIdle(listener: () => void) {
      idleListeners.add(listener);
    },
  };
}

export type HostClient = ReturnType<typeof createHostClient>;
