import { describe, expect, it, vi } from 'vitest';
import { createDeltaQueue } from './delta-queue';

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const text of iterable) seen.push(text);
  return seen;
}

describe('createDeltaQueue', () => {
  it('yields deltas pushed before reading, in order', async () => {
    const queue = createDeltaQueue(() => {});
    queue.push('a');
    queue.push('b');
    queue.push('c');
    queue.end();
    expect(await collect(queue.iterable)).toEqual(['a', 'b', 'c']);
  });

  it('yields deltas pushed while the reader waits, in order', async () => {
    const queue = createDeltaQueue(() => {});
    const reading = collect(queue.iterable);
    for (const text of ['one', 'two', 'three']) {
      await Promise.resolve();
      queue.push(text);
    }
    setTimeout(() => {
      queue.push('four');
      queue.end();
    }, 1);
    expect(await reading).toEqual(['one', 'two', 'three', 'four']);
  });

  it('end finishes the iteration, with the buffered deltas first', async () => {
    const queue = createDeltaQueue(() => {});
    queue.push('a');
    queue.end();
    queue.push('ignored');
    const iterator = queue.iterable[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 'a' });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('end wakes a waiting reader', async () => {
    const queue = createDeltaQueue(() => {});
    const iterator = queue.iterable[Symbol.asyncIterator]();
    const next = iterator.next();
    queue.end();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('an end does not call onReturn', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    queue.push('a');
    queue.end();
    await collect(queue.iterable);
    expect(onReturn).not.toHaveBeenCalled();
  });

  it('break calls onReturn exactly once', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    queue.push('a');
    queue.push('b');
    const seen: string[] = [];
    for await (const text of queue.iterable) {
      seen.push(text);
      break;
    }
    expect(seen).toEqual(['a']);
    expect(onReturn).toHaveBeenCalledTimes(1);
    // Later calls and pushes change nothing.
    const iterator = queue.iterable[Symbol.asyncIterator]();
    expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    queue.push('c');
    queue.end();
    queue.fail(new Error('late'));
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(onReturn).toHaveBeenCalledTimes(1);
  });

  it('a throw inside the loop calls onReturn once', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    queue.push('a');
    await expect(
      (async () => {
        for await (const _text of queue.iterable) throw new Error('reader failed');
      })(),
    ).rejects.toThrow('reader failed');
    expect(onReturn).toHaveBeenCalledTimes(1);
  });

  it('return while a read waits settles that read as done', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    const iterator = queue.iterable[Symbol.asyncIterator]();
    const pending = iterator.next();
    await iterator.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(onReturn).toHaveBeenCalledTimes(1);
  });

  it('return after the end does not call onReturn', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    queue.end();
    await queue.iterable[Symbol.asyncIterator]().return!();
    expect(onReturn).not.toHaveBeenCalled();
  });

  it('fail makes the iterator throw after the buffered deltas, then ends', async () => {
    const queue = createDeltaQueue(() => {});
    const failure = new Error('engine failed');
    queue.push('a');
    queue.fail(failure);
    queue.push('ignored');
    const iterator = queue.iterable[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 'a' });
    await expect(iterator.next()).rejects.toBe(failure);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('fail throws from a for await loop that is waiting', async () => {
    const onReturn = vi.fn();
    const queue = createDeltaQueue(onReturn);
    const failure = new Error('boom');
    const seen: string[] = [];
    const reading = (async () => {
      for await (const text of queue.iterable) seen.push(text);
    })();
    queue.push('a');
    await new Promise((resolve) => setTimeout(resolve, 1));
    queue.fail(failure);
    await expect(reading).rejects.toBe(failure);
    expect(seen).toEqual(['a']);
    // The loop did not leave early: the queue ended on its own.
    expect(onReturn).not.toHaveBeenCalled();
  });

  it('the first of end and fail wins', async () => {
    const ended = createDeltaQueue(() => {});
    ended.end();
    ended.fail(new Error('too late'));
    expect(await collect(ended.iterable)).toEqual([]);

    const failed = createDeltaQueue(() => {});
    const failure = new Error('first');
    failed.fail(failure);
    failed.end();
    await expect(collect(failed.iterable)).rejects.toBe(failure);
  });
});
