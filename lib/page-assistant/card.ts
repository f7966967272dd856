import { formatMetrics } from '../chat/format-metrics';
import type { Turn } from '../contracts/turns';
import { isAbortError } from '../contracts/errors';
import { createMarkdownStream, type MarkdownStream } from '../markdown/stream';
import type { GenerateStreamHandle, GenerateStreamOptions } from '../stream/client';
import type { GenerationResult } from '../contracts/result';
import { condenseForSummary, describePartProgress } from '../tasks/summarize-in-parts';
import { createFrameBatcher } from '../ui/frame-batcher';
import { createAskBox } from './ask-box';
import { button, el } from './dom';
import { randomId } from './ids';
import { BLOCK_SITE_LABEL, createMenu, HIDE_TOOLBAR_LABEL } from './menu';
import type { FromContent } from '../contracts/page';
import { applyPlacement, placeInCorner, placeNear, type Size } from './position';
import { partPrompt } from '../tasks/summarize-in-parts';
import type { RectLike } from './selection';

export const CARD_LABEL = 'Inkling answer';
export const ANSWER_LABEL = 'Answer';
export const STOP_LABEL = 'Stop';
export const COPY_LABEL = 'Copy';
export const CONTINUE_LABEL = 'Continue in side panel';
export const CLOSE_LABEL = 'Close';
const COPIED_NOTICE = 'Copied.';
const STOPPED_NOTICE = 'Stopped.';

export type GenerateFn = (input: string, options?: GenerateStreamOptions) => Promise<GenerateStreamHandle>;

/** What a job may use while it builds its prompt. */
export interface JobTools {
  signal: AbortSignal;
  /** Shows a line of progress ("Reading the page…"). */
  progress(text: string): void;
  /** Long text summarized in parts (with progress shown); short text as it is. */
  condense(text: string, question?: string): Promise<{ text: string; condensed: boolean }>;
  sendMessage(message: FromContent): Promise<unknown>;
}

/** One answer the card streams: a quick action, a question, a task. */
export interface AnswerJob {
  /** The card's title: "Summarize", "Ask about this page". */
  title: string;
  /** The conversation's title in the side panel, asked for when the user continues there. */
  conversationTitle(): string;
  /** The prompt the answer is asked for; may condense text first. Throws to fail in plain words. */
  /** The prompt; a plain summary also gives the text alone, for Chrome's Summarizer API. */
  prompt(tools: JobTools): Promise<string | { prompt: string; summaryOf: string }>;
}

export interface CardDeps {
  doc: Document;
  generateStream: GenerateFn;
  sendMessage(message: FromContent): Promise<unknown>;
  writeClipboard(text: string): Promise<void>;
  /** The user's sampling settings, read when a request starts. */
  generateOptions(): GenerateStreamOptions;
  /** "Don't show on this site"; resolves with a notice, or throws a plain error. */
  blockSite(): Promise<string | void>;
  /** "Hide the toolbar everywhere"; resolves with a notice, or throws a plain error. */
  hideToolbar(): Promise<string | void>;
  /** The card asks to go (Close, Escape, continued in the panel). */
  onClose(): void;
  requestFrame?(callback: () => void): number;
  cancelFrame?(handle: number): void;
}

interface Run {
  job: AnswerJob;
  controller: AbortController;
  status: 'running' | 'done' | 'stopped' | 'failed';
  handle?: GenerateStreamHandle;
  /** The prompt the answer was asked for: the question of the conversation. */
  question?: string;
  /** What the card has shown of the answer: what Copy and Continue take. */
  shown: string;
  result?: GenerationResult;
  error?: string;
  markdown: MarkdownStream;
  batcher: ReturnType<typeof createFrameBatcher>;
}

/** How tall a card is expected to get, to choose the side of the selection it goes on. */
const EXPECTED_HEIGHT = 280;
/** Taller than this, the answer scrolls inside the card. */
const MAX_HEIGHT = 560;

/**
 * The floating answer card: a title, an optional question box, the answer streaming in as markdown
 * (appended only, so it can be selected while it streams), progress, errors in plain words, the
 * metrics when done, and Stop, Copy, Continue in side panel, Close, and a menu of off switches.
 */
export function createCard(deps: CardDeps) {
  const { doc } = deps;
  let run: Run | undefined;
  let closed = false;

  const title = el(doc, 'h2', { class: 'title' });
  const menu = createMenu(doc, [
    { label: BLOCK_SITE_LABEL, onChoose: () => void settle(deps.blockSite()) },
    { label: HIDE_TOOLBAR_LABEL, onChoose: () => void settle(deps.hideToolbar()) },
  ]);
  const close = button(doc, '×', () => requestClose(), { class: 'icon', label: CLOSE_LABEL });
  const head = el(doc, 'div', { class: 'head' }, [title, menu.toggle, close, menu.menu]);
  const askSlot = el(doc, 'div');
  const status = el(doc, 'div', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  let answer = el(doc, 'div', { class: 'answer', attrs: { role: 'region', 'aria-label': ANSWER_LABEL } });
  const error = el(doc, 'div', { class: 'error', attrs: { role: 'alert' } });
  const metrics = el(doc, 'div', { class: 'metrics' });
  const stop = button(doc, STOP_LABEL, () => stopRun());
  const copy = button(doc, COPY_LABEL, () => void copyAnswer());
  const continueInPanel = button(doc, CONTINUE_LABEL, () => continueRun());
  const foot = el(doc, 'div', { class: 'foot' }, [stop, copy, continueInPanel]);
  const element = el(doc, 'div', { class: 'card', attrs: { role: 'dialog', 'aria-label': CARD_LABEL, tabindex: '-1' } }, [
    head,
    askSlot,
    status,
    answer,
    error,
    metrics,
    foot,
  ]);
  // A press anywhere else in the card closes its menu.
  element.addEventListener('mousedown', (event) => {
    if (menu.isOpen && !menu.menu.contains(event.target as Node) && event.target !== menu.toggle) menu.close(false);
  });
  element.addEventListener('keydown', (event) => {
    if (!event.isTrusted || event.key !== 'Escape') return;
    event.preventDefault();
    if (menu.isOpen) menu.close(true);
    else requestClose();
  });
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
    continueInPanel.disabled = running || !run?.question;
    answer.setAttribute('aria-busy', String(running));
    if (stopHadFocus && !running) (copy.disabled ? element : copy).focus({ preventScroll: true });
  }

  /** Replaces the answer area with an empty one: a new answer never mixes with the old one's nodes. */
  function freshAnswer(): HTMLElement {
    const next = el(doc, 'div', { class: 'answer', attrs: { role: 'region', 'aria-label': ANSWER_LABEL } });
    answer.replaceWith(next);
    answer = next;
    return next;
  }

  function isLive(current: Run) {
    return !closed && run === current && current.status === 'running';
  }

  async function start(job: AnswerJob) {
    if (closed) return;
    cancelRun();
    const container = freshAnswer();
    const markdown = createMarkdownStream(container, { document: doc });
    const current: Run = {
      job,
      controller: new AbortController(),
      status: 'running',
      shown: '',
      markdown,
      batcher: createFrameBatcher(
        (text) => {
          if (run !== current || closed) return;
          const atEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 32;
          markdown.write(text);
          current.shown += text;
          if (atEnd) container.scrollTop = container.scrollHeight;
          if (copy.disabled) updateButtons();
        },
        deps.requestFrame ?? ((callback) => requestAnimationFrame(callback)),
        deps.cancelFrame ?? ((handle) => cancelAnimationFrame(handle)),
      ),
    };
    run = current;
    title.textContent = job.title;
    error.textContent = '';
    metrics.textContent = '';
    setStatus('Starting…');
    updateButtons();
    const { signal } = current.controller;
    const options = () => ({ ...deps.generateOptions(), signal });

    const tools: JobTools = {
      signal,
      progress: (text) => isLive(current) && setStatus(text),
      sendMessage: deps.sendMessage,
      async condense(text, question) {
        const condensed = await condenseForSummary(text, {
          signal,
          onProgress: (progress) => isLive(current) && setStatus(describePartProgress(progress)),
          async summarizePart(part, progress) {
            // A part of a plain summary is a plain summary too; one kept for a question is not.
            const handle = await deps.generateStream(partPrompt(part, progress, question), { ...options(), ...(question === undefined && { summaryOf: part }) });
            const result = await handle.result;
            signal.throwIfAborted();
            return result.text;
          },
        });
        return { text: condensed.text, condensed: condensed.text !== text };
      },
    };

    try {
      const request = await job.prompt(tools);
      const { prompt, summaryOf } = typeof request === 'string' ? { prompt: request, summaryOf: undefined } : request;
      signal.throwIfAborted();
      if (!isLive(current)) return;
      current.question = prompt;
      setStatus('Waiting for the answer…');
      const handle = await deps.generateStream(prompt, { ...options(), ...(summaryOf !== undefined && { summaryOf }) });
      current.handle = handle;
      if (!isLive(current)) return handle.cancel();
      let first = true;
      for await (const delta of handle.stream) {
        // After Stop or Close, nothing more is shown.
        if (!isLive(current)) break;
        if (first) setStatus('');
        first = false;
        current.batcher.push(delta);
      }
      const result = await handle.result;
      if (run !== current || closed) return;
      current.result = result;
      metrics.textContent = formatMetrics(result);
      // The metrics line starts with "Stopped" itself.
      if (current.status === 'stopped' && status.textContent === STOPPED_NOTICE) setStatus('');
      if (current.status === 'running') finish(current, result.finishReason === 'cancelled' ? 'stopped' : 'done');
    } catch (caught) {
      if (run !== current || closed || current.status !== 'running') return;
      if (signal.aborted && isAbortError(caught)) finish(current, 'stopped');
      else fail(current, plainMessage(caught));
    }
  }

  function finish(current: Run, state: 'done' | 'stopped') {
    current.batcher.flush();
    current.status = state;
    current.markdown.end();
    if (state === 'stopped') setStatus(STOPPED_NOTICE);
    else setStatus(current.shown.trim() ? '' : 'The model gave no answer.');
    updateButtons();
  }

  function fail(current: Run, message: string) {
    current.batcher.flush();
    current.status = 'failed';
    current.error = message;
    current.markdown.end();
    setStatus('');
    error.textContent = message;
    updateButtons();
  }

  /** Stop: the request is cancelled and nothing more is shown, at once. */
  function stopRun() {
    const current = run;
    if (!current || current.status !== 'running') return;
    current.batcher.flush();
    current.controller.abort();
    current.handle?.cancel();
    finish(current, 'stopped');
  }

  /** A new answer, Close: the old one goes without a word. */
  function cancelRun() {
    const current = run;
    if (!current) return;
    if (current.status === 'running') {
      current.status = 'stopped';
      current.controller.abort();
      current.handle?.cancel();
    }
    run = undefined;
  }

  async function copyAnswer() {
    const text = run?.shown;
    if (!text) return;
    try {
      await deps.writeClipboard(text);
      setStatus(COPIED_NOTICE);
      setTimeout(() => status.textContent === COPIED_NOTICE && setStatus(''), 2000);
    } catch {
      setStatus('Couldn’t copy. Select the answer and copy it instead.');
    }
  }

  function continueRun() {
    const current = run;
    if (!current?.question || current.status === 'running') return;
    const answerTurn: Turn = {
      id: randomId(),
      role: 'assistant',
      text: current.shown,
      status: current.status,
      ...(current.result && { result: { ...current.result, text: current.shown } }),
      ...(current.error !== undefined && { error: current.error }),
    };
    const turns: Turn[] = [{ id: randomId(), role: 'user', text: current.question }, answerTurn];
    continueInPanel.disabled = true;
    error.textContent = '';
    setStatus('Opening the side panel…');
    // Sent in the click itself: the background opens the panel within the user's gesture.
    const sent = sendSafely({ type: 'continue-in-panel', title: current.job.conversationTitle().slice(0, 200), turns });
    void sent.then((reply) => {
      if (closed) return;
      if (isOkReply(reply)) return requestClose();
      setStatus('');
      error.textContent = replyError(reply);
      updateButtons();
    });
  }

  function sendSafely(message: FromContent): Promise<unknown> {
    try {
      return deps.sendMessage(message).catch((caught: unknown) => ({ ok: false, error: plainMessage(caught) }));
    } catch (caught) {
      return Promise.resolve({ ok: false, error: plainMessage(caught) });
    }
  }

  /** A menu choice's outcome: a notice in the status line, or its error. */
  async function settle(outcome: Promise<string | void>) {
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
    closed = true;
    element.remove();
  }

  return {
    element,
    /** Streams `job`'s answer, in place of any answer before it. */
    run: (job: AnswerJob) => void start(job),
    /** Shows a question box; each question asked there is answered in the card. */
    ask(label: string, cardTitle: string, toJob: (question: string) => AnswerJob) {
      title.textContent = cardTitle;
      const box = createAskBox(doc, label, (question) => void start(toJob(question)));
      askSlot.replaceChildren(box.element);
      box.input.focus({ preventScroll: true });
    },
    /** Next to the selection (below it when there is room), or in the corner without one. */
    place(anchor: RectLike | undefined, viewport: Size) {
      const width = element.getBoundingClientRect().width || 440;
      const size = { width, height: EXPECTED_HEIGHT };
      const placement = anchor ? placeNear(anchor, size, viewport, 'below') : placeInCorner(size, viewport);
      applyPlacement(element, { ...placement, room: Math.min(placement.room, MAX_HEIGHT) }, true);
    },
    focus() {
      element.focus({ preventScroll: true });
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

function isOkReply(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true;
}

function replyError(reply: unknown): string {
  const message = typeof reply === 'object' && reply !== null ? (reply as { error?: unknown }).error : undefined;
  return typeof message === 'string' && message.trim() ? message : 'Inkling did not answer. Reload the page and try again.';
}

/** An error as the user reads it: an InklingError's message is already plain. */
export function plainMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    // The extension was reloaded or updated under this page.
    if (/extension context invalidated|receiving end does not exist/i.test(error.message)) {
      return 'Inkling was updated or restarted. Reload this page and try again.';
    }
    return error.message;
  }
  return 'Something went wrong. Try again.';
}
