import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task } from '../contracts/task';
import { createTaskRouter } from './task-router';

const WAIT_MS = 1_000;
const summarize: Task = { kind: 'prompt', label: 'Summarize', quote: 'Otters.', template: '{text}', summary: true };
const reopen: Task = { kind: 'open-conversation', conversationId: 'c1' };

/** Chrome's `sidePanel.open()`, still under way: settle it by hand. */
function opening() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function setup() {
  const runInPage = vi.fn(async (_tabId: number, _task: Task) => {});
  const router = createTaskRouter({ runInPage, waitMs: WAIT_MS });
  return { router, runInPage };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('handing a task to the side panel', () => {
  it('a panel that is open and ready gets the task at once', () => {
    const { router, runInPage } = setup();
    const deliver = vi.fn();
    router.panelReady(1, deliver);
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    expect(deliver).toHaveBeenCalledExactlyOnceWith(summarize);
    expect(runInPage).not.toHaveBeenCalled();
  });

  it('a panel that becomes ready while it opens gets the task then, and the page never runs it', async () => {
    const { router, runInPage } = setup();
    const open = opening();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, open.promise);
    open.resolve();
    await vi.advanceTimersByTimeAsync(WAIT_MS - 1);
    const deliver = vi.fn();
    router.panelReady(1, deliver);
    expect(deliver).toHaveBeenCalledExactlyOnceWith(summarize);
    await vi.advanceTimersByTimeAsync(WAIT_MS * 5);
    expect(runInPage).not.toHaveBeenCalled();
    expect(deliver).toHaveBeenCalledOnce();
  });

  it('tasks that waited for an opening panel all arrive when it is ready, in the order given', () => {
    const { router } = setup();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    router.dispatch(reopen, { windowId: 1, tabId: 7 }, opening().promise);
    const deliver = vi.fn();
    router.panelReady(1, deliver);
    expect(deliver.mock.calls).toEqual([[summarize], [reopen]]);
  });
});

describe('when the side panel cannot take the task', () => {
  it('a panel that never becomes ready: the answer runs in the page once waitMs has passed', async () => {
    const { router, runInPage } = setup();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    await vi.advanceTimersByTimeAsync(WAIT_MS - 1);
    expect(runInPage).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(runInPage).toHaveBeenCalledExactlyOnceWith(7, summarize);
  });

  it('a panel that turns ready too late does not get the task the page already runs', async () => {
    const { router, runInPage } = setup();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    const deliver = vi.fn();
    router.panelReady(1, deliver);
    expect(deliver).not.toHaveBeenCalled();
    expect(runInPage).toHaveBeenCalledOnce();
  });

  it('Chrome refusing to open the panel runs the answer in the page at once, and only once', async () => {
    const { router, runInPage } = setup();
    const open = opening();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, open.promise);
    open.reject(new Error('sidePanel.open() may only be called in response to a user gesture.'));
    await vi.advanceTimersByTimeAsync(0);
    expect(runInPage).toHaveBeenCalledExactlyOnceWith(7, summarize);
    // Neither the timer nor a panel that turns up later runs it again.
    await vi.advanceTimersByTimeAsync(WAIT_MS * 2);
    const deliver = vi.fn();
    router.panelReady(1, deliver);
    expect(runInPage).toHaveBeenCalledOnce();
    expect(deliver).not.toHaveBeenCalled();
  });

  it('a task with no tab to fall back to is dropped, not run in some page', async () => {
    const { router, runInPage } = setup();
    const open = opening();
    router.dispatch(summarize, { windowId: 1 }, open.promise);
    open.reject(new Error('No panel.'));
    router.dispatch(reopen, { windowId: 1 }, opening().promise);
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    expect(runInPage).not.toHaveBeenCalled();
  });

  it('a page card that fails to run is not an unhandled rejection', async () => {
    const runInPage = vi.fn(async () => {
      throw new Error('The tab was closed.');
    });
    const router = createTaskRouter({ runInPage, waitMs: WAIT_MS });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
      await vi.advanceTimersByTimeAsync(WAIT_MS);
      await vi.advanceTimersByTimeAsync(0);
      expect(runInPage).toHaveBeenCalledOnce();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('waits 10 seconds for the panel when no waitMs is given', async () => {
    const runInPage = vi.fn(async () => {});
    const router = createTaskRouter({ runInPage });
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(runInPage).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(runInPage).toHaveBeenCalledOnce();
  });
});

describe('panels that close, and other windows', () => {
  it('a panel that closed no longer gets tasks: they wait for the next panel or go to the page', async () => {
    const { router, runInPage } = setup();
    const closed = vi.fn();
    const leave = router.panelReady(1, closed);
    leave();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    expect(closed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    expect(runInPage).toHaveBeenCalledExactlyOnceWith(7, summarize);
    expect(closed).not.toHaveBeenCalled();
  });

  it('a panel that closed after a newer one opened in its window does not take the newer one away', () => {
    const { router } = setup();
    const older = vi.fn();
    const newer = vi.fn();
    const leaveOlder = router.panelReady(1, older);
    router.panelReady(1, newer);
    leaveOlder();
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    expect(newer).toHaveBeenCalledExactlyOnceWith(summarize);
    expect(older).not.toHaveBeenCalled();
  });

  it('a task for one window is not given to the panel of another', async () => {
    const { router, runInPage } = setup();
    const otherWindow = vi.fn();
    router.panelReady(2, otherWindow);
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    expect(otherWindow).not.toHaveBeenCalled();
    const ownWindow = vi.fn();
    router.panelReady(1, ownWindow);
    expect(ownWindow).toHaveBeenCalledExactlyOnceWith(summarize);
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    expect(otherWindow).not.toHaveBeenCalled();
    expect(runInPage).not.toHaveBeenCalled();
  });

  it('a waiting task of another window still falls back to its own page', async () => {
    const { router, runInPage } = setup();
    router.panelReady(2, vi.fn());
    router.dispatch(summarize, { windowId: 1, tabId: 7 }, opening().promise);
    router.dispatch(reopen, { windowId: 3, tabId: 9 }, opening().promise);
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    expect(runInPage.mock.calls).toEqual([
      [7, summarize],
      [9, reopen],
    ]);
  });
});
