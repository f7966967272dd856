import { describe, expect, it, vi } from 'vitest';
import { createFrameBatcher } from './frame-batcher';

/** A frame scheduler the test runs by hand. */
function fakeFrames() {
  const callbacks = new Map<number, () => void>();
  let nextHandle = 1;
  const requestFrame = vi.fn((callback: () => void) => {
    const handle = nextHandle++;
    callbacks.set(handle, callback);
    return handle;
  });
  const cancelFrame = vi.fn((handle: number) => void callbacks.delete(handle));
  const runFrame = () => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback();
  };
  return { requestFrame, cancelFrame, runFrame, pending: () => callbacks.size };
}

describe('createFrameBatcher', () => {
  it('applies nothing before the frame', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.push('a');
    expect(apply).not.toHaveBeenCalled();
    expect(frames.requestFrame).toHaveBeenCalledTimes(1);
  });

  it('gives many pushes between frames one apply with the joined text', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    for (const text of ['The ', 'quick ', 'brown ', 'fox']) batcher.push(text);
    expect(frames.requestFrame).toHaveBeenCalledTimes(1);
    frames.runFrame();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledWith('The quick brown fox');
  });

  it('asks for a new frame after each applied one', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.push('a');
    batcher.push('b');
    frames.runFrame();
    batcher.push('c');
    batcher.push('d');
    expect(frames.requestFrame).toHaveBeenCalledTimes(2);
    frames.runFrame();
    expect(apply.mock.calls).toEqual([['ab'], ['cd']]);
  });

  it('a frame with nothing pending applies nothing', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    frames.runFrame();
    expect(apply).not.toHaveBeenCalled();
    expect(frames.requestFrame).not.toHaveBeenCalled();
  });

  it('flush applies what is pending at once and cancels the frame', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.push('a');
    batcher.push('b');
    batcher.flush();
    expect(apply).toHaveBeenCalledWith('ab');
    expect(frames.cancelFrame).toHaveBeenCalledWith(1);
    expect(frames.pending()).toBe(0);
    frames.runFrame();
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('flush with nothing pending applies nothing', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.flush();
    expect(apply).not.toHaveBeenCalled();
    expect(frames.cancelFrame).not.toHaveBeenCalled();
  });

  it('keeps batching after a flush', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.push('a');
    batcher.flush();
    batcher.push('b');
    batcher.push('c');
    expect(frames.requestFrame).toHaveBeenCalledTimes(2);
    frames.runFrame();
    expect(apply.mock.calls).toEqual([['a'], ['bc']]);
  });

  it('ignores empty pushes', () => {
    const frames = fakeFrames();
    const apply = vi.fn();
    const batcher = createFrameBatcher(apply, frames.requestFrame, frames.cancelFrame);
    batcher.push('');
    frames.runFrame();
    expect(apply).not.toHaveBeenCalled();
  });
});
