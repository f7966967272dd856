import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescer } from './coalescer';

describe('createCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A coalescer on the fake clock, and what it sent. */
  function setup(intervalMs: number) {
    const sent: string[] = [];
    const coalescer = createCoalescer(
      intervalMs,
      (text) => sent.push(text),
      () => Date.now(),
    );
    return { sent, coalescer };
  }

  it('sends the first delta at once', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('Hello');
    expect(sent).toEqual(['Hello']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('merges the deltas that arrive within the interval into one message', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    coalescer.push('b');
    vi.advanceTimersByTime(5);
    coalescer.push('c');
    vi.advanceTimersByTime(5);
    coalescer.push('d');
    expect(sent).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(5);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'bcd']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends at most one message per interval while deltas keep coming', () => {
    const { sent, coalescer } = setup(16);
    for (let ms = 0; ms < 100; ms++) {
      coalescer.push('x');
      vi.advanceTimersByTime(1);
    }
    coalescer.flush();
    expect(sent.join('')).toBe('x'.repeat(100));
    // 100 ms at one message per 16 ms: the first at once, then one per interval, then the flush.
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(100 / 16) + 2);
    expect(sent.length).toBeGreaterThan(1);
  });

  it('sends a delta that comes after a quiet interval at once', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    vi.advanceTimersByTime(16);
    coalescer.push('b');
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1000);
    coalescer.push('c');
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits only for the rest of the interval after the last message', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    vi.advanceTimersByTime(10);
    coalescer.push('b');
    vi.advanceTimersByTime(5);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b']);
  });

  it('flush sends what is gathered now and cancels the timer', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    coalescer.push('b');
    coalescer.push('c');
    coalescer.flush();
    expect(sent).toEqual(['a', 'bc']);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['a', 'bc']);
  });

  it('flush with nothing gathered sends nothing', () => {
    const { sent, coalescer } = setup(16);
    coalescer.flush();
    coalescer.push('a');
    coalescer.flush();
    expect(sent).toEqual(['a']);
  });

  it('a flush counts as a message: the next delta within the interval waits', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    coalescer.push('b');
    vi.advanceTimersByTime(4);
    coalescer.flush();
    coalescer.push('c');
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('drop forgets what is gathered and sends nothing later', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    coalescer.push('b');
    coalescer.drop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    coalescer.flush();
    expect(sent).toEqual(['a']);
  });

  it('keeps working after a drop', () => {
    const { sent, coalescer } = setup(16);
    coalescer.push('a');
    coalescer.push('b');
    coalescer.drop();
    coalescer.push('c');
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['a', 'c']);
  });

  it('interval 0 sends each delta as it comes', () => {
    const { sent, coalescer } = setup(0);
    coalescer.push('a');
    coalescer.push('b');
    coalescer.push('c');
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sends at once until a surface’s markdown has something to show', () => {
    const sent: string[] = [];
    const coalescer = createCoalescer(
      16,
      (text) => sent.push(text),
      () => Date.now(),
      { atOnceUntilChars: 2 },
    );
    coalescer.push('"');
    coalescer.push('Once');
    coalescer.push(' upon');
    expect(sent).toEqual(['"', 'Once']);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['"', 'Once', ' upon']);
  });

  it('uses performance.now by default', () => {
    const sent: string[] = [];
    const coalescer = createCoalescer(16, (text) => sent.push(text));
    coalescer.push('a');
    coalescer.push('b');
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(16);
    expect(sent).toEqual(['a', 'b']);
  });
});
