import type { Task } from '../contracts/task';

export interface TaskTarget {
  windowId: number;
  /** The tab the task came from: where its answer card goes if the panel cannot open. */
  tabId?: number;
}

export interface TaskRouterOptions {
  /** Runs the task in the tab's answer card instead. */
  runInPage(tabId: number, task: Task): Promise<void>;
  /** How long a side panel that is opening may take to say it is ready. */
  waitMs?: number;
}

interface Waiting {
  task: Task;
  target: TaskTarget;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Hands tasks to the side panel of their window with a handshake instead of a fixed sleep: a panel
 * that is open and ready gets the task at once; one that is opening gets it when it says it is
 * ready. When the panel cannot open (Chrome refused, or it never became ready), the answer goes to
 * the page's card instead.
 */
export function createTaskRouter({ runInPage, waitMs = 10_000 }: TaskRouterOptions) {
  const panels = new Map<number, (task: Task) => void>();
  const waiting = new Map<number, Waiting[]>();

  const fallBack = ({ task, target }: Waiting) => {
    if (target.tabId !== undefined) void runInPage(target.tabId, task).catch(() => {});
  };

  const take = (windowId: number, item: Waiting) => {
    const queue = waiting.get(windowId) ?? [];
    const index = queue.indexOf(item);
    if (index === -1) return false;
    queue.splice(index, 1);
    clearTimeout(item.timer);
    return true;
  };

  return {
    /** A panel of `windowId` is ready for tasks; returns what to call when it goes away. */
    panelReady(windowId: number, deliver: (task: Task) => void): () => void {
      panels.set(windowId, deliver);
      for (const item of [...(waiting.get(windowId) ?? [])]) {
        if (take(windowId, item)) deliver(item.task);
      }
      return () => {
        if (panels.get(windowId) === deliver) panels.delete(windowId);
      };
    },

    /** `opening` is Chrome's `sidePanel.open()`, started in the user's gesture. */
    dispatch(task: Task, target: TaskTarget, opening: Promise<unknown>): void {
      const panel = panels.get(target.windowId);
      if (panel) {
        panel(task);
        return;
      }
      const item: Waiting = {
        task,
        target,
        timer: setTimeout(() => take(target.windowId, item) && fallBack(item), waitMs),
      };
      waiting.set(target.windowId, [...(waiting.get(target.windowId) ?? []), item]);
      opening.catch(() => take(target.windowId, item) && fallBack(item));
    },
  };
}

export type TaskRouter = ReturnType<typeof createTaskRouter>;
