/** The part of `chrome.runtime.Port` the stream code uses, so it runs on in-memory ports in tests. */
export interface PortLike {
  readonly name: string;
  readonly sender?: { id?: string; url?: string; tab?: unknown };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** Posting to a port whose other end has gone throws; the disconnect handler does the cleaning up. */
export function post(port: PortLike, message: unknown): boolean {
  try {
    port.postMessage(message);
    return true;
  } catch {
    return false;
  }
}
