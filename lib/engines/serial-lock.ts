/**
 * One model instance serves one generation at a time: requests wait their turn, in order. A request
 * whose signal aborts while waiting leaves the line without ever holding the lock.
 */
export function createSerialLock() {
  let tail: Promise<void> = Promise.resolve();

  return {
    /** Resolves with a release function once every earlier holder has released. */
    async acquire(signal?: AbortSignal): Promise<() => void> {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const before = tail;
      tail = before.then(() => released);
      if (signal) {
        const aborted = new Promise<never>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        try {
          await Promise.race([before, aborted]);
        } catch (error) {
          // Our place in line passes on as soon as the ones before us are done.
          release();
          throw error;
        }
      } else {
        await before;
      }
      return release;
    },
  };
}
