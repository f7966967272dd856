/** 16 ms, one frame at 60 Hz: a surface cannot show deltas faster than it paints. */
export const DEFAULT_DELTA_INTERVAL_MS = 16;

/**
 * Gathers deltas so that a fast engine sends at most one port message per interval. The first delta
 * (and any after a quiet interval) goes out at once: time to first token is the latency people feel.
 */
export interface Coalescer {
  push(text: string): void;
  /** Sends what is gathered now. */
  flush(): void;
  /** Forgets what is gathered, for a request that was cancelled. */
  drop(): void;
}

export function createCoalescer(
  intervalMs: number,
  send: (text: string) => void,
  now = () => performance.now(),
): Coalescer {
  let buffer = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = -Infinity;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!buffer) return;
    const text = buffer;
    buffer = '';
    lastSent = now();
    send(text);
  };

  return {
    push(text) {
      buffer += text;
      if (timer !== undefined) return;
      const wait = lastSent + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    flush,
    drop() {
      clearTimeout(timer);
      timer = undefined;
      buffer = '';
    },
  };
}
