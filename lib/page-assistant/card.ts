import { followAnswer, type FollowedAnswer } from '../answer/follow-answer';
import { formatMetrics } from '../chat/format-metrics';
import type { SamplingOptions } from '../contracts/engine';
import type { GenerationResult } from '../contracts/result';
import { createMarkdownStream, type MarkdownStream } from '../markdown/stream';
import { createCopyAction } from '../ui/copy-feedback';
import { createAskBox } from './ask-box';
import { createCardView } from './card-view';
import type { AnswerJob, RunFn } from './jobs';
import { isOkReply, plainMessage, replyError } from './replies';

const COPY_NOTICES = { idle: '', copied: 'Copied.', failed: 'Couldn’t copy. Select the answer and copy it instead.' };
const STOPPED_NOTICE = 'Stopped.';

export interface CardDeps {
  doc: Document;
  run: RunFn;
  /** "Continue in side panel", called in the click itself; resolves with the background's reply. */
  continueInPanel(answerId: string, shownChars: number): Promise<unknown>;
  writeClipboard(text: string): Promise<void>;
  /** The user's sampling settings, read when a request starts. */
  generateOptions(): SamplingOptions;
  /** "Don't show on this site"; resolves with a notice, or throws a plain error. */
  blockSite(): Promise<string | undefined>;
  /** "Hide the toolbar everywhere"; resolves with a notice, or throws a plain error. */
  hideToolbar(): Promise<string | undefined>;
  /** The card asks to go (Close, Escape, continued in the panel). */
  onClose(): void;
  requestFrame?(callback: () => void): number;
  cancelFrame?(handle: number): void;
}

interface Run {
  job: AnswerJob;
  status: 'running' | 'done' | 'stopped' | 'failed';
  answer?: FollowedAnswer;
  markdown?: MarkdownStream;
  /** The answer as the background recorded it, which "Continue in side panel" carries over. */
  answerId?: string;
  /** What the card has shown of the answer: what Copy and Continue take. */
  shown: string;
  result?: GenerationResult;
  error?: string;
}

/**
 * The floating answer card: a title, an optional question box, the answer streaming in as markdown
 * (appended only, so it can be selected while it streams), progress, errors in plain words, the
 * metrics when done, and Stop, Copy, Continue in side panel, Close, and a menu of off switches.
 */
export function createCard(deps: CardDeps) {
  const { doc } = deps;
  let run: Run | undefined;
  let closed = false;

  const view = createCardView(doc, {
    onBlockSite: () => void settle(deps.blockSite()),
    onHideToolbar: () => void settle(deps.hideToolbar()),
    onClose: () => requestClose(),
    onStop: () => stopRun(),
    onCopy: () => void copyAnswer(),
    onContinue: () => continueRun(),
  });
  const { element, title, askSlot, status, error, metrics, stop, copy, continueInPanel, foot } = view;
  updateButtons();

  function requestClose() {
    destroy();
    deps.onClose();
  }

  function setStatus(text: string) {
    status.textContent = text;
  }

  function updateButtons() {
    const running = run?.status === 'running';
    const root = element.getRootNode() as unknown as Partial<DocumentOrShadowRoot>;
    const stopHadFocus = root.activeElement === stop;
    // Before the first question of an ask box there is nothing to stop, copy or continue.
    foot.hidden = !run;
    stop.hidden = !running;
    copy.disabled = !run?.shown;
    continueInPanel.disabled = running || !run?.answerId;
    view.answer.setAttribute('aria-busy', String(running));
    if (stopHadFocus && !running) (copy.disabled ? element : copy).focus({ preventScroll: true });
  }

  function start(job: AnswerJob) {
    if (closed) return;
    cancelRun();
    const container = view.freshAnswer();
    const markdown = createMarkdownStream(container, { document: doc });
    const current: Run = { job, status: 'running', shown: '' };
    run = current;
    title.textContent = job.title;
    error.textContent = '';
    metrics.textContent = '';
    setStatus('Starting…');
    updateButtons();
    current.answer = followAnswer(
      (events, signal) => deps.run(job.task, { ...deps.generateOptions(), ...events, signal }),
      {
        text(text) {
          const atEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 32;
          markdown.write(text);
          if (!current.shown) setStatus('');
          current.shown += text;
          if (atEnd) container.scrollTop = container.scrollHeight;
          if (copy.disabled) updateButtons();
        },
        progress: (text) => text !== undefined && setStatus(text),
        prepared({ answerId }) {
          if (answerId !== undefined) current.answerId = answerId;
          setStatus('Waiting for the answer…');
        },
        stopped: () => end(current, 'stopped'),
        done(result) {
          current.result = result;
          metrics.textContent = formatMetrics(result);
          // The metrics line starts with "Stopped" itself.
          if (current.status === 'stopped') setStatus('');
          else end(current, result.finishReason === 'cancelled' ? 'stopped' : 'done');
        },
        failed(caught) {
          current.error = plainMessage(caught);
          error.textContent = current.error;
          end(current, 'failed');
        },
      },
      deps,
    );
    current.markdown = markdown;
  }

  function end(current: Run, state: 'done' | 'stopped' | 'failed') {
    current.status = state;
    current.markdown?.end();
    if (state === 'stopped') setStatus(STOPPED_NOTICE);
    else if (state === 'done') setStatus(current.shown.trim() ? '' : 'The model gave no answer.');
    else setStatus('');
    updateButtons();
  }

  /** Stop: the request is cancelled and nothing more is shown, at once. */
  function stopRun() {
    if (run?.status === 'running') run.answer?.stop();
  }

  /** A new answer, Close: the old one goes without a word. */
  function cancelRun() {
    run?.answer?.release();
    run = undefined;
  }

  const copyFeedback = createCopyAction(deps.writeClipboard, (state) => {
    if (state === 'idle' && status.textContent !== COPY_NOTICES.copied) return;
    setStatus(COPY_NOTICES[state]);
  });
  const copyAnswer = () => run?.shown && copyFeedback.copy(run.shown);

  function continueRun() {
    const current = run;
    if (!current?.answerId || current.status === 'running') return;
    continueInPanel.disabled = true;
    error.textContent = '';
    setStatus('Opening the side panel…');
    const sent = continueSafely(current.answerId, current.shown.length);
    void sent.then((reply) => {
      if (closed) return;
      if (isOkReply(reply)) return requestClose();
      setStatus('');
      error.textContent = replyError(reply);
      updateButtons();
    });
  }

  function continueSafely(answerId: string, shownChars: number): Promise<unknown> {
    try {
      return deps
        .continueInPanel(answerId, shownChars)
        .catch((caught: unknown) => ({ ok: false, error: plainMessage(caught) }));
    } catch (caught) {
      return Promise.resolve({ ok: false, error: plainMessage(caught) });
    }
  }

  /** A menu choice's outcome: a notice in the status line, or its error. */
  async function settle(outcome: Promise<string | undefined>) {
    try {
      const notice = await outcome;
      if (!closed && notice) setStatus(notice);
    } catch (caught) {
      if (!closed) error.textContent = plainMessage(caught);
    }
  }

  function destroy() {
    if (closed) return;
    cancelRun();
    copyFeedback.dispose();
    closed = true;
    element.remove();
  }

  return {
    element,
    /** Streams `job`'s answer, in place of any answer before it. */
    run: (job: AnswerJob) => start(job),
    /** Shows a question box; each question asked there is answered in the card. */
    ask(label: string, cardTitle: string, toJob: (question: string) => AnswerJob) {
      title.textContent = cardTitle;
      const box = createAskBox(doc, label, (question) => start(toJob(question)));
      askSlot.replaceChildren(box.element);
      box.input.focus({ preventScroll: true });
    },
    /** The most the card may grow to, where the page has room for it; the answer scrolls beyond. */
    setRoom(height: number) {
      element.style.maxHeight = `${Math.max(120, Math.round(height))}px`;
    },
    /** Its question box when it has one, else the card itself. */
    focus() {
      (askSlot.querySelector('input') ?? element).focus({ preventScroll: true });
    },
    stop: stopRun,
    get running() {
      return run?.status === 'running';
    },
    get asking() {
      return askSlot.childElementCount > 0;
    },
    destroy,
  };
}

export type Card = ReturnType<typeof createCard>;
