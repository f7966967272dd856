import { describe, expect, it } from 'vitest';
import { InklingError } from '../contracts/errors';
import type { GenerationResult } from '../contracts/result';
import { createDeltaQueue } from '../rpc/delta-queue';
import type { GenerateStreamHandle } from '../stream/client';
import type { TaskEvents } from '../stream/task-events';
import { type AnswerView, followAnswer } from './follow-answer';

const RESULT: GenerationResult = {
  text: 'Hello world',
  engine: 'cpu',
  engineLabel: 'CPU',
  model: 'Tiny',
  finishReason: 'stop',
  tokensUsed: 2,
  tokensEstimated: false,
  latencyMs: 5,
  tokensPerSecond: 100,
};

/** A request as the client gives it, driven by the test; frames run when the test says. */
function setup() {
  const queue = createDeltaQueue(() => cancelled.push(true));
  const cancelled: boolean[] = [];
  let settle!: { resolve(result: GenerationResult): void; reject(error: unknown): void };
  const result = new Promise<GenerationResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // As the client's: a failure is thrown from the stream, and not also "unhandled" here.
  result.catch(() => {});
  let events!: TaskEvents;
  const handle: GenerateStreamHandle = {
    stream: queue.iterable,
    result,
    cancel: () => {
      cancelled.push(true);
      queue.end();
    },
  };
  const frames: (() => void)[] = [];
  const seen: string[] = [];
  const view: AnswerView = {
    text: (text) => seen.push(`text:${text}`),
    progress: (text) => seen.push(`progress:${text ?? '-'}`),
    stopped: () => seen.push('stopped'),
    done: (done) => seen.push(`done:${done.finishReason}`),
    failed: (error) => seen.push(`failed:${(error as Error).message}`),
  };
  const answer = followAnswer(
    async (given) => {
      events = given;
      return handle;
    },
    view,
    { requestFrame: (callback) => frames.push(callback), cancelFrame: () => {} },
  );
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const frame = () => {
    for (const callback of frames.splice(0)) callback();
  };
  return { answer, queue, settle, seen, cancelled, tick, frame, events: () => events };
}

describe('following one answer', () => {
  it('shows the first text at once and the rest once per frame, then the end', async () => {
    const { queue, settle, seen, tick, frame, events, answer } = setup();
    await tick();
    events().onProgress?.('Summarizing part 1 of 2…');
    queue.push('Hello');
    await tick();
    queue.push(' wor');
    queue.push('ld');
    await tick();
    expect(seen).toEqual(['progress:Summarizing part 1 of 2…', 'progress:-', 'text:Hello']);
    frame();
    expect(seen.at(-1)).toBe('text: world');
    queue.end();
    settle.resolve(RESULT);
    await answer.ended;
    expect(seen.at(-1)).toBe('done:stop');
  });

  it('a first delta with nothing to see (a lone quote mark) does not hold back the next', async () => {
    const { queue, seen, tick } = setup();
    await tick();
    queue.push('"');
    await tick();
    queue.push('Once');
    await tick();
    queue.push(' upon');
    await tick();
    expect(seen).toEqual(['text:"', 'text:Once']);
  });

  it('Stop shows at once, cancels the request, and the metrics still come', async () => {
    const { queue, settle, seen, cancelled, tick, answer } = setup();
    await tick();
    queue.push('Part');
    await tick();
    answer.stop();
    expect(seen).toEqual(['text:Part', 'stopped']);
    expect(cancelled.length).toBeGreaterThan(0);
    queue.push(' late');
    settle.resolve({ ...RESULT, finishReason: 'cancelled' });
    await answer.ended;
    expect(seen).toEqual(['text:Part', 'stopped', 'done:cancelled']);
    expect(answer.running).toBe(false);
  });

  it('an error ends it in its own words; a released view hears nothing more', async () => {
    const failing = setup();
    await failing.tick();
    failing.queue.fail(new InklingError('engine-failed', 'The engine broke.'));
    failing.settle.reject(new InklingError('engine-failed', 'The engine broke.'));
    await failing.answer.ended;
    expect(failing.seen).toEqual(['failed:The engine broke.']);

    const released = setup();
    await released.tick();
    released.answer.release();
    released.queue.push('ignored');
    released.settle.resolve(RESULT);
    await released.answer.ended;
    expect(released.seen).toEqual([]);
    expect(released.cancelled.length).toBeGreaterThan(0);
  });
});
