import type { GenerationResult } from '../contracts/result';
import type { GenerateStreamHandle } from '../stream/client';
import type { TaskEvents } from '../stream/task-events';
import { createFrameBatcher } from '../ui/frame-batcher';

/** Where one answer is shown: the side panel's turn, the page's card. */
export interface AnswerView {
  /** Text to append: the first visible text as it comes (the wait people feel), the rest once per frame. */
  text(text: string): void;
  /** "Summarizing part 3 of 7…" while the answer is prepared; undefined once text comes. */
  progress(text: string | undefined): void;
  prepared?: TaskEvents['onPrepared'];
  /** Stop was pressed: shown at once, before the background confirms. */
  stopped(): void;
  /** The background's end with its metrics; after Stop its finish reason is 'cancelled'. */
  done(result: GenerationResult): void;
  /** The answer failed (never called after Stop or release). */
  failed(error: unknown): void;
}

/** Deltas go into the view at once until this many visible characters have. */
const FIRST_VISIBLE_CHARS = 2;

export interface Frames {
  requestFrame?(callback: () => void): number;
  cancelFrame?(handle: number): void;
}

/**
 * One answer as a surface shows it, the same for the panel and the card: its text per frame, its
 * progress, Stop at once, then exactly one end. `start` asks the background; its signal is Stop.
 */
export function followAnswer(
  start: (events: TaskEvents, signal: AbortSignal) => Promise<GenerateStreamHandle>,
  view: AnswerView,
  frames: Frames = {},
) {
  const stopping = new AbortController();
  let handle: GenerateStreamHandle | undefined;
  let released = false;
  let visible = 0;
  let progressing = false;
  const batcher = createFrameBatcher(
    (text) => released || view.text(text),
    frames.requestFrame ?? ((callback) => requestAnimationFrame(callback)),
    frames.cancelFrame ?? ((frame) => cancelAnimationFrame(frame)),
  );
  const live = () => !released && !stopping.signal.aborted;

  const ended = (async () => {
    try {
      handle = await start(
        {
          onProgress: (text) => {
            if (!live()) return;
            progressing = true;
            view.progress(text);
          },
          onPrepared: (prepared) => live() && view.prepared?.(prepared),
        },
        stopping.signal,
      );
      if (!live()) return released ? (handle.release ?? handle.cancel)() : handle.cancel();
      for await (const delta of handle.stream) {
        if (!live()) break;
        if (progressing) view.progress(undefined);
        progressing = false;
        batcher.push(delta);
        // Until there is text to see, each delta goes into the view at once: the markdown renderer
        // holds back a last character that may open markup (an answer that starts with a quote).
        if (visible < FIRST_VISIBLE_CHARS) batcher.flush();
        visible += delta.trim().length;
      }
      const result = await handle.result;
      batcher.flush();
      if (!released) view.done(result);
    } catch (error) {
      batcher.flush();
      if (live()) view.failed(error);
    } finally {
      if (progressing && !released) view.progress(undefined);
    }
  })();

  return {
    /** Resolves once the answer has ended, however. */
    ended,
    get running() {
      return live();
    },
    /** Stop: nothing more is shown, the request is cancelled, and the end follows with its metrics. */
    stop() {
      if (!live()) return;
      batcher.flush();
      stopping.abort();
      handle?.cancel();
      view.stopped();
    },
    /** The view goes (a new answer in its place, a closed card): the request is cancelled, silently. */
    release() {
      if (released) return;
      released = true;
      if (handle?.release) return handle.release();
      stopping.abort();
      handle?.cancel();
    },
  };
}

export type FollowedAnswer = ReturnType<typeof followAnswer>;
