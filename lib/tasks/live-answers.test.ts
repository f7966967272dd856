import { describe, expect, it, vi } from 'vitest';
import { createLiveAnswers, type LiveEvent } from './live-answers';

const result = {
  text: 'Hello',
  engine: 'cpu',
  engineLabel: 'CPU',
  model: 'Tiny',
  finishReason: 'stop',
  tokensUsed: 1,
  tokensEstimated: false,
  latencyMs: 1,
  tokensPerSecond: 1,
} as const;

describe('live answers', () => {
  it('a panel that watches late gets the progress and the text so far, then the rest', () => {
    const answers = createLiveAnswers();
    const emit = answers.begin('c1', () => {});
    emit({ type: 'progress', text: 'Summarizing part 1 of 3…' });
    const early: LiveEvent[] = [];
    answers.watch('c1', (event) => early.push(event));
    emit({ type: 'delta', text: 'Hel' });
    const late: LiveEvent[] = [];
    answers.watch('c1', (event) => late.push(event));
    emit({ type: 'delta', text: 'lo' });
    emit({ type: 'done', result });
    expect(early).toEqual([
      { type: 'progress', text: 'Summarizing part 1 of 3…' },
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'done', result },
    ]);
    expect(late).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'done', result },
    ]);
    expect(answers.watch('c1', () => {})).toBeUndefined();
  });

  it('watching ends without stopping the answer; Stop from a panel stops it', () => {
    const answers = createLiveAnswers();
    const stop = vi.fn();
    const emit = answers.begin('c1', stop);
    const seen: LiveEvent[] = [];
    const unwatch = answers.watch('c1', (event) => seen.push(event))!;
    unwatch();
    emit({ type: 'delta', text: 'x' });
    expect(seen).toEqual([]);
    expect(stop).not.toHaveBeenCalled();
    expect(answers.stop('c1')).toBe(true);
    expect(stop).toHaveBeenCalledOnce();
    emit({ type: 'error', code: 'engine-failed', message: 'Broke.' });
    expect(answers.stop('c1')).toBe(false);
  });
});
