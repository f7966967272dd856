import type { PortLike } from './port';

/** A Worker seen from its page, or a worker's own global scope seen from inside. */
export interface MessageTarget {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (event: MessageEvent) => void): void;
}

/**
 * One end of a dedicated worker's channel as a PortLike, so that lib/rpc runs across it as it does
 * across runtime ports. The channel lasts as long as the worker: it ends only when the worker fails.
 */
export function workerPort(target: MessageTarget, name: string): PortLike {
  return {
    name,
    postMessage: (message) => target.postMessage(message),
    disconnect() {},
    onMessage: { addListener: (listener) => target.addEventListener('message', (event) => listener(event.data)) },
    onDisconnect: { addListener: (listener) => target.addEventListener('error', () => listener()) },
  };
}
