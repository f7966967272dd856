import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerTarget } from '../chat/conversation-writer';
import type { AnswerPatch } from '../chat/store';
import { InklingError } from '../contracts/errors';
import type { GenerationResult } from '../contracts/result';
import { recordAnswer, type AnswerSink } from './answer-recorder';

const TARGET: AnswerTarget = { conversationId: 'c1', turnId: 't2' };
const result = (text: string, finishReason: GenerationResult['finishReason'] = 'stop'): GenerationResult => ({
  text,
  engine: 'cpu',
  engineLabel: 'llama.cpp on your CPU',
  model: 'Tiny',
  finishReason,
  tokensUsed: 3,
  tokensEstimated: false,
  latencyMs: 10,
  tokensPerSecond: 300,
});

interface Save {
  target: AnswerTarget;
  patch: AnswerPatch;
  finish(): void;
  fail(error: Error): void;
}

/** A store whose writes end only when the test says so; `autoFinish` ends each one at once. */
function slowSink({ autoFinish = false } = {}) {
  const saves: Save[] = [];
  const sink: AnswerSink = {
    update: (target, patch) =>
      new Promise((resolve, reject) => {
        saves.push({ target, patch, finish: () => resolve(true), fail: reject });
        if (autoFinish) resolve(true);
      }),
  };
  return { sink, saves, patches: () => saves.map((save) => save.patch) };
}

/** Lets every promise that can settle settle, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Whether `promise` has settled, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('saving an answer as it streams', () => {
  it('saves the text so far at most every 250 ms, not on every delta', async () => {
    const { sink, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('The ');
    await vi.advanceTimersByTimeAsync(100);
    recorder.delta('sky ');
    recorder.delta('is ');
    await vi.advanceTimersByTimeAsync(149);
    expect(patches()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(patches()).toEqual([{ text: 'The sky is ' }]);
    recorder.delta('blue');
    await vi.advanceTimersByTimeAsync(249);
    expect(patches()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(patches()).toEqual([{ text: 'The sky is ' }, { text: 'The sky is blue' }]);
  });

  it('saves nothing while no delta came', async () => {
    const { sink, saves } = slowSink({ autoFinish: true });
    recordAnswer(TARGET, sink, vi.fn());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saves).toEqual([]);
  });

  it('saves into the answer turn it was given', async () => {
    const { sink, saves } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('Hi');
    await vi.advanceTimersByTimeAsync(250);
    expect(saves[0]?.target).toEqual(TARGET);
  });
});

describe('saving how the answer ended', () => {
  it('a finished answer is saved as done with its result, after the streaming saves, in order', async () => {
    const { sink, saves, patches } = slowSink();
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('Blue ');
    await vi.advanceTimersByTimeAsync(250);
    // The streaming save is still being written when the answer ends: the end waits its turn.
    const done = result('Blue light.');
    const ended = recorder.ended(Promise.resolve(done));
    await settle();
    expect(patches()).toEqual([{ text: 'Blue ' }]);
    saves[0]!.finish();
    await settle();
    expect(patches()).toEqual([{ text: 'Blue ' }, { text: 'Blue light.', status: 'done', result: done }]);
    saves[1]!.finish();
    await expect(ended).resolves.toBe(done);
  });

  it('a streaming save still due when the answer ends never comes after the final save', async () => {
    const { sink, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('Blue ');
    await vi.advanceTimersByTimeAsync(100);
    await recorder.ended(Promise.resolve(result('Blue light.')));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(patches()).toEqual([{ text: 'Blue light.', status: 'done', result: result('Blue light.') }]);
  });

  it('a stopped answer is saved as stopped, with the text it had', async () => {
    const { sink, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('Part');
    const stopped = result('Part', 'cancelled');
    await expect(recorder.ended(Promise.resolve(stopped))).resolves.toBe(stopped);
    expect(patches()).toEqual([{ text: 'Part', status: 'stopped', result: stopped }]);
  });

  it('an answer that broke off is saved as failed with the error’s words and the text shown so far', async () => {
    const { sink, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    recorder.delta('Half an ');
    recorder.delta('answer');
    const error = new InklingError('engine-failed', 'The GPU was lost.');
    await expect(recorder.ended(Promise.reject(error))).rejects.toBe(error);
    expect(patches()).toEqual([{ text: 'Half an answer', status: 'failed', error: 'The GPU was lost.' }]);
  });

  it('a plain Error from an engine is saved with its message too', async () => {
    const { sink, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    const error = new Error('out of memory');
    await expect(recorder.ended(Promise.reject(error))).rejects.toBe(error);
    expect(patches()).toEqual([{ text: '', status: 'failed', error: 'out of memory' }]);
  });

  it('whoever hears of the end hears of it only once the final save is written', async () => {
    const { sink, saves } = slowSink();
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    const ended = recorder.ended(Promise.resolve(result('Done.')));
    const state = track(ended);
    await settle();
    expect(saves).toHaveLength(1);
    expect(state.settled).toBe(false);
    saves[0]!.finish();
    await settle();
    expect(state.settled).toBe(true);
  });

  it('a failure is passed on only once the failed state is written', async () => {
    const { sink, saves } = slowSink();
    const recorder = recordAnswer(TARGET, sink, vi.fn());
    const error = new Error('broke');
    const ended = recorder.ended(Promise.reject(error));
    const state = track(ended);
    await settle();
    expect(state.settled).toBe(false);
    saves[0]!.finish();
    await expect(ended).rejects.toBe(error);
  });
});

describe('an answer turn that is still being stored', () => {
  it('saves nothing before the turn is stored, then saves into it', async () => {
    let stored!: (target: AnswerTarget) => void;
    const target = new Promise<AnswerTarget>((resolve) => (stored = resolve));
    const { sink, saves, patches } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(target, sink, vi.fn());
    recorder.delta('Early ');
    await vi.advanceTimersByTimeAsync(1_000);
    recorder.delta('words');
    const done = result('Early words');
    const ended = recorder.ended(Promise.resolve(done));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saves).toEqual([]);
    stored(TARGET);
    await expect(ended).resolves.toBe(done);
    expect(saves.map((save) => save.target)).toEqual([TARGET, TARGET]);
    expect(patches()).toEqual([{ text: 'Early ' }, { text: 'Early words', status: 'done', result: done }]);
  });

  it('a turn that could not be stored is reported, and the answer still ends', async () => {
    const failure = new Error('QuotaExceededError');
    const onError = vi.fn();
    const { sink, saves } = slowSink({ autoFinish: true });
    const recorder = recordAnswer(Promise.reject(failure), sink, onError);
    const done = result('Answer');
    await expect(recorder.ended(Promise.resolve(done))).resolves.toBe(done);
    expect(saves).toEqual([]);
    // Once: not again for every save that had nowhere to go.
    expect(onError).toHaveBeenCalledOnce();
    expect(onError).toHaveBeenCalledWith(failure);
  });
});

describe('a store that fails', () => {
  it('a failed streaming save is reported, later saves still happen, and the answer ends', async () => {
    const onError = vi.fn();
    const failure = new Error('disk full');
    const sink = { update: vi.fn<AnswerSink['update']>().mockRejectedValueOnce(failure).mockResolvedValue(true) };
    const recorder = recordAnswer(TARGET, sink, onError);
    recorder.delta('Some');
    await vi.advanceTimersByTimeAsync(250);
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
    const done = result('Some text');
    await expect(recorder.ended(Promise.resolve(done))).resolves.toBe(done);
    expect(sink.update).toHaveBeenLastCalledWith(TARGET, { text: 'Some text', status: 'done', result: done });
  });

  it('a failed final save is reported and the answer still ends with its result', async () => {
    const onError = vi.fn();
    const failure = new Error('disk full');
    const sink: AnswerSink = { update: () => Promise.reject(failure) };
    const recorder = recordAnswer(TARGET, sink, onError);
    const done = result('Answer');
    await expect(recorder.ended(Promise.resolve(done))).resolves.toBe(done);
    expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
  });

  it('a failed save of a failure is reported and the engine’s error is passed on, not the store’s', async () => {
    const onError = vi.fn();
    const storeFailure = new Error('disk full');
    const engineFailure = new Error('GPU lost');
    const recorder = recordAnswer(TARGET, { update: () => Promise.reject(storeFailure) }, onError);
    await expect(recorder.ended(Promise.reject(engineFailure))).rejects.toBe(engineFailure);
    expect(onError).toHaveBeenCalledExactlyOnceWith(storeFailure);
  });
});
