/**
 * Gathers text that arrives between two frames and hands it over once per frame, so a fast stream
 * costs one render per frame rather than one per delta.
 */
export function createFrameBatcher(
  apply: (text: string) => void,
  requestFrame: (callback: () => void) => number = requestAnimationFrame,
  cancelFrame: (handle: number) => void = cancelAnimationFrame,
) {
  let pending = '';
  let frame: number | undefined;

  const flush = () => {
    if (frame !== undefined) cancelFrame(frame);
    frame = undefined;
    if (!pending) return;
    const text = pending;
    pending = '';
    apply(text);
  };

  return {
    push(text: string) {
      pending += text;
      frame ??= requestFrame(flush);
    },
    /** Applies what is pending now, e.g. before showing the final state. */
    flush,
  };
}
