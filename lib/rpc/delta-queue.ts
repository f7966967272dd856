/**
 * The `stream` half of a generation: an async iterable of text deltas fed by the port. Leaving a
 * `for await` early (break, return, throw) calls `onReturn`, which cancels the generation — the
 * RunAnywhere SDK's stream has no `return()` and keeps generating after a break.
 */
export interface DeltaQueue {
  readonly iterable: AsyncIterable<string>;
  push(text: string): void;
  end(): void;
  /** Throws `error` from the iterator's next read, then ends. */
  fail(error: unknown): void;
}

export function createDeltaQueue(onReturn: () => void): DeltaQueue {
  const buffered: string[] = [];
  let state: 'open' | 'ended' | 'failed' = 'open';
  let failure: unknown;
  let waiting: { resolve: (step: IteratorResult<string>) => void; reject: (error: unknown) => void } | undefined;

  const settleWaiting = () => {
    if (!waiting) return;
    const { resolve, reject } = waiting;
    waiting = undefined;
    if (buffered.length > 0) resolve({ done: false, value: buffered.shift()! });
    else if (state === 'failed') {
      state = 'ended';
      reject(failure);
    } else if (state === 'ended') resolve({ done: true, value: undefined });
  };

  const iterator: AsyncIterator<string> = {
    next() {
      if (buffered.length > 0) return Promise.resolve({ done: false, value: buffered.shift()! });
      if (state === 'failed') {
        state = 'ended';
        return Promise.reject(failure);
      }
      if (state === 'ended') return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      buffered.length = 0;
      if (state === 'open') onReturn();
      state = 'ended';
      settleWaiting();
      return Promise.resolve({ done: true, value: undefined });
    },
  };

  return {
    iterable: { [Symbol.asyncIterator]: () => iterator },
    push(text) {
      if (state !== 'open') return;
      buffered.push(text);
      settleWaiting();
    },
    end() {
      if (state !== 'open') return;
      state = 'ended';
      settleWaiting();
    },
    fail(error) {
      if (state !== 'open') return;
      state = 'failed';
      failure = error;
      settleWaiting();
    },
  };
}
