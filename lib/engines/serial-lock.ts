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
      if (!signal) {
        await before;
        return release;
      }
      let onAbort!: () => void;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        await Promise.race([before, aborted]);
        return release;
      } catch (error) {
        // Our place in line passes on as soon as the ones before us are done.
        release();
        throw error;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
