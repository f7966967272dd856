import type { SamplingOptions } from '../contracts/engine';
import type { ToFrame } from '../contracts/page';
import { writeClipboard } from '../ui/clipboard';
import { ASK_PAGE_INPUT_LABEL, ASK_SELECTION_INPUT_LABEL } from './ask-box';
import { createCard, type Card } from './card';
import type { FramePort } from './frame-port';
import { reportSize } from './frame-port';
import { ASK_PAGE_TITLE, ASK_SELECTION_TITLE, askPageJob, askSelectionJob, type RunFn } from './jobs';
import { createWritingCard } from './writing-card';

export interface CardFrameDeps {
  run: RunFn;
  /** `sidePanel.open` of the page's window, called within the user's click. */
  openPanel(windowId: number): Promise<unknown>;
  /** The user's sampling settings, read when a request starts. */
  generateOptions(): SamplingOptions;
  requestFrame?(callback: () => void): number;
  cancelFrame?(handle: number): void;
}

/**
 * The card frame's document: one card at a time, for what the background sends (an answer, a
 * question box). It runs the answer itself over the stream port, so the answer never passes through
 * the page or its content script.
 */
export function startCardFrame(doc: Document, port: FramePort, deps: CardFrameDeps) {
  const win = doc.defaultView ?? window;
  let card: Pick<Card, 'destroy' | 'focus' | 'setRoom'> | undefined;
  let room = 560;

  function newCard(windowId: number): Card {
    card?.destroy();
    const created = createCard({
      doc,
      run: deps.run,
      writeClipboard: (text) => writeClipboard(doc, text),
      generateOptions: deps.generateOptions,
      blockSite: () => port.request({ type: 'block-site' }),
      hideToolbar: () => port.request({ type: 'hide-toolbar' }),
      onClose: () => port.send({ type: 'close' }),
      continueInPanel(answerId, shownChars) {
        // Opened here, in the click: Chrome lets a panel open only within the user's gesture.
        const opening = deps.openPanel(windowId).then(
          () => true,
          () => false,
        );
        return opening
          .then((panelOpened) => port.request({ type: 'continue-in-panel', answerId, shownChars, panelOpened }))
          .then(
            () => ({ ok: true }),
            (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
          );
      },
      requestFrame: deps.requestFrame,
      cancelFrame: deps.cancelFrame,
    });
    created.setRoom(room);
    doc.body.replaceChildren(created.element);
    card = created;
    return created;
  }

  function show(message: ToFrame) {
    if (message.type === 'room') {
      room = message.height;
      card?.setRoom(room);
    } else if (message.type === 'answer') {
      newCard(message.windowId).run({ title: message.title, task: message.task });
      focusCard();
    } else if (message.type === 'writing') {
      card?.destroy();
      const { tool, text, start, end } = message;
      const writing = createWritingCard(doc, {
        tool,
        text,
        start,
        end,
        async run(request) {
          const reply = await port.requestResult({ type: 'writing-run', ...request });
          if (!reply) throw new Error('Inkling did not answer. Try again.');
          return reply;
        },
        stop: () => port.send({ type: 'writing-stop' }),
        insert: async (edit) => void (await port.request({ type: 'writing-insert', edit })),
        onClose: () => port.send({ type: 'close' }),
      });
      writing.setRoom(room);
      doc.body.replaceChildren(writing.element);
      card = writing;
      focusCard();
    } else if (message.type === 'ask') {
      const { text } = message;
      const opened = newCard(message.windowId);
      if (text === undefined) opened.ask(ASK_PAGE_INPUT_LABEL, ASK_PAGE_TITLE, askPageJob);
      else opened.ask(ASK_SELECTION_INPUT_LABEL, ASK_SELECTION_TITLE, (question) => askSelectionJob(question, text));
    }
  }

  /** Keyboard users land in the card: on its question box, or on the card itself. */
  function focusCard() {
    if (!card || (doc.activeElement && doc.activeElement !== doc.body)) return;
    card.focus();
  }

  port.onMessage(show);
  // The content script focuses the frame when it shows it; focus then goes where the card wants it.
  win.addEventListener('focus', focusCard);
  return reportSize(doc.body, port, win);
}
