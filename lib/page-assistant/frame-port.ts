import * as v from 'valibot';
import { ToFrameSchema, type FromFrame, type ToFrame } from '../contracts/page';
import type { WritingResult } from '../contracts/writing';
import { post, type PortLike } from '../rpc/port';

type Request = Extract<FromFrame, { id: number }>;
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * A frame's control port to the background: validated messages in, messages out, and requests the
 * background replies to (a notice to show, or a plain error).
 */
export function openFramePort(port: PortLike) {
  const listeners = new Set<(message: ToFrame) => void>();
  const waiting = new Map<
    number,
    { resolve(reply: { text?: string; result?: WritingResult }): void; reject(error: Error): void }
  >();
  let nextId = 1;

  port.onMessage.addListener((data) => {
    const parsed = v.safeParse(ToFrameSchema, data);
    if (!parsed.success) return;
    const message = parsed.output;
    if (message.type !== 'reply') {
      for (const listener of listeners) listener(message);
      return;
    }
    const request = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) request?.resolve(message);
    else request?.reject(new Error(message.text || 'Inkling could not do that. Try again.'));
  });
  port.onDisconnect.addListener(() => {
    for (const request of waiting.values()) request.reject(new Error('Inkling was restarted. Try again.'));
    waiting.clear();
  });

  return {
    send(message: Exclude<FromFrame, Request>) {
      post(port, message);
    },
    /** Resolves with the notice to show (if any); rejects with the error to show. */
    request: (message: WithoutId<Request>) => ask(message).then((reply) => reply.text),
    /** A writing tool's request: resolves with its result. */
    requestResult: (message: WithoutId<Request>) => ask(message).then((reply) => reply.result),
    onMessage(listener: (message: ToFrame) => void) {
      listeners.add(listener);
    },
  };

  function ask(message: WithoutId<Request>): Promise<{ text?: string; result?: WritingResult }> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      if (!post(port, { ...message, id })) {
        waiting.delete(id);
        reject(new Error('Inkling was restarted. Reload the page and try again.'));
      }
    });
  }
}

export type FramePort = ReturnType<typeof openFramePort>;

/** Tells the background the element's size whenever it changes, at most once a frame. */
export function reportSize(element: HTMLElement, port: FramePort, View: { ResizeObserver: typeof ResizeObserver }) {
  let last = '';
  const observer = new View.ResizeObserver(() => {
    const box = element.getBoundingClientRect();
    const size = { width: Math.ceil(box.width), height: Math.ceil(box.height) };
    const key = `${size.width}x${size.height}`;
    if (key === last || size.width === 0) return;
    last = key;
    port.send({ type: 'size', ...size });
  });
  observer.observe(element);
  return () => observer.disconnect();
}
