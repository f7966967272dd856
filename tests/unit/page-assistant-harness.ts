import type { InklingError } from '../../lib/contracts/errors';
import type { GenerateStreamHandle, GenerateStreamOptions } from '../../lib/stream/client';
import { createDeltaQueue } from '../../lib/rpc/delta-queue';
import type { GenerationResult } from '../../lib/contracts/result';

/** happy-dom's events carry no isTrusted; a browser's own events say true, a page script's false. */
export function trusted<T extends Event>(event: T): T {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/** A click the user made. */
export function userClick(target: Element): void {
  target.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
}

/** A click a page script made: `isTrusted` is false. */
export function scriptClick(target: Element): void {
  const event = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: false });
  target.dispatchEvent(event);
}

export function userKey(target: EventTarget, key: string, type: 'keydown' | 'keyup' = 'keydown'): void {
  target.dispatchEvent(trusted(new KeyboardEvent(type, { key, bubbles: true, composed: true, cancelable: true })));
}

/** Lets promises, microtasks and zero timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Frames on microtasks, so a test sees rendered deltas after `settle()`. */
export const microtaskFrames = {
  requestFrame: (callback: () => void) => {
    queueMicrotask(callback);
    return 1;
  },
  cancelFrame: () => {},
};

export const RESULT: GenerationResult = {
  text: '',
  engine: 'cpu',
  engineLabel: 'llama.cpp on your CPU',
  model: 'Tiny',
  finishReason: 'stop',
  tokensUsed: 12,
  tokensEstimated: false,
  timeToFirstTokenMs: 40,
  latencyMs: 400,
  tokensPerSecond: 30,
};

export interface FakeRequest {
  input: string;
  options: GenerateStreamOptions;
  cancelled: boolean;
  push(text: string): void;
  finish(result?: Partial<GenerationResult>): void;
  fail(error: InklingError): void;
}

/**
 * generateStream as the client gives it: deltas through a queue; cancel() ends the stream at once
 * and resolves `result` as 'cancelled' with what was received; the signal cancels too. `auto`
 * answers each request by itself.
 */
export function fakeGenerate(auto?: (input: string) => string | undefined) {
  const requests: FakeRequest[] = [];
  const generate = async (input: string, options: GenerateStreamOptions = {}): Promise<GenerateStreamHandle> => {
    let received = '';
    let settled = false;
    let resolve!: (result: GenerationResult) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<GenerationResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    result.catch(() => {});
    const request: FakeRequest = {
      input,
      options,
      cancelled: false,
      push(text) {
        if (settled || request.cancelled) return;
        received += text;
        queue.push(text);
      },
      finish(overrides = {}) {
        if (settled) return;
        settled = true;
        queue.end();
        resolve({
          ...RESULT,
          text: received,
          ...overrides,
          ...(request.cancelled && { finishReason: 'cancelled', text: received }),
        });
      },
      fail(error) {
        if (settled) return;
        settled = true;
        queue.fail(error);
        reject(error);
      },
    };
    const cancel = () => {
      if (settled || request.cancelled) return;
      request.cancelled = true;
      queue.end();
      // The background's 'done' follows a cancel.
      setTimeout(() => request.finish(), 0);
    };
    const queue = createDeltaQueue(cancel);
    options.signal?.addEventListener('abort', cancel, { once: true });
    requests.push(request);
    const answer = auto?.(input);
    if (answer !== undefined) {
      setTimeout(() => {
        request.push(answer);
        request.finish();
      }, 0);
    }
    return { stream: queue.iterable, result, cancel };
  };
  return { generate, requests, last: () => requests.at(-1)! };
}
