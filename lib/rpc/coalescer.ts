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

/** Characters a surface's markdown needs before it shows any text: it holds the last one back. */
export const SHOWN_AFTER_CHARS = 2;

export interface CoalescerOptions {
  /**
   * Sends each delta at once until this many characters went out. A markdown renderer holds back the
   * last character it was given (it may open markup), so a first token of one character (a quote, a
   * dash) shows nothing alone: what follows it must not wait an interval.
   */
  atOnceUntilChars?: number;
}

export function createCoalescer(
  intervalMs: number,
  send: (text: string) => void,
  now = () => performance.now(),
  { atOnceUntilChars = 0 }: CoalescerOptions = {},
): Coalescer {
  let buffer = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = -Infinity;
  let sentChars = 0;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!buffer) return;
    const text = buffer;
    buffer = '';
    lastSent = now();
    sentChars += text.length;
    send(text);
  };

  return {
    push(text) {
      buffer += text;
      if (sentChars < atOnceUntilChars) return flush();
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
