export type CopyState = 'idle' | 'copied' | 'failed';

/** Long enough to be noticed, short enough that the button is ready for the next copy. */
export const COPY_FEEDBACK_MS = 2000;

/**
 * What a Copy button does when clicked: writes the text, shows how that went, and goes back to idle
 * after a moment (a failure stays twice as long: it has words to read). The clipboard may be missing
 * or refuse (no permission, no focus): that is shown, never thrown, because the click handler has
 * nobody to throw to.
 */
export function createCopyAction(write: (text: string) => Promise<void>, show: (state: CopyState) => void) {
  let reset: ReturnType<typeof setTimeout> | undefined;
  const settle = (state: 'copied' | 'failed') => {
    show(state);
    clearTimeout(reset);
    reset = setTimeout(() => show('idle'), state === 'copied' ? COPY_FEEDBACK_MS : COPY_FEEDBACK_MS * 2);
  };
  return {
    async copy(text: string): Promise<void> {
      try {
        await write(text);
        settle('copied');
      } catch {
        settle('failed');
      }
    },
    /** Stops a pending reset, for a button that is going away. */
    dispose(): void {
      clearTimeout(reset);
    },
  };
}
