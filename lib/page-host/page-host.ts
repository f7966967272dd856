import type { FrameKind, FromContent, Reply, SiteAccess, ToContent } from '../contracts/page';
import { createFrameElement, type FrameElement } from './frame-element';
import { listenToPage } from './page-events';
import { isOutOfView, placeInCorner, placeNear, type Size } from './position';
import { rangeRect, readSelection, selectionAnchor, type Anchor, type SelectedText } from './selection';
import { createTranslationHost } from './translation/translation-host';
import { createWritingHost } from './writing/writing-host';

export interface PageHostDeps {
  doc: Document;
  /** runtime.sendMessage to the background; resolves with its reply, never rejects (lib/page-host/reply.ts). */
  send(message: FromContent): Promise<Reply<unknown>>;
  /** The address of a frame's document, carrying its name. */
  frameUrl(kind: FrameKind, name: string): string;
  /** A fresh random frame name (32 hex digits). */
  newName(): string;
  /** How long after mouseup/keyup the selection is read (a double click is still selecting). */
  debounceMs?: number;
}

interface CardState {
  frame: FrameElement;
  size?: Size;
  /** What the card stands next to (it follows it on scroll), or none: the corner. */
  anchor?: Anchor;
  purpose: 'pending' | 'ask-page';
  returnFocus: Element | null;
  room: number;
  focusOnShow: boolean;
}

/** The card's width, and how tall it is expected to get, to choose its side of the selection. */
const CARD_WIDTH = 440;
const EXPECTED_HEIGHT = 280;
/** Taller than this, the answer scrolls inside the card. */
const MAX_HEIGHT = 560;
/** Room for the toolbar to lay out in before it has said how big it is. */
const MEASURING_TOOLBAR: Size = { width: 540, height: 48 };

/**
 * The page assistant's part in the page: it sees the user's selections and keys (trusted events
 * only), asks the background what is allowed on this site, and places the toolbar and card frames.
 * It never holds an answer or a setting; what the user does inside the frames never passes here.
 */
export function createPageHost(deps: PageHostDeps) {
  const { doc } = deps;
  const win = doc.defaultView ?? window;
  const listeners = new AbortController();
  let access: Promise<SiteAccess | undefined> | undefined;
  let selected: SelectedText | undefined;
  let toolbar: { frame: FrameElement; size?: Size } | undefined;
  let card: CardState | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let followFrame: number | undefined;
  let destroyed = false;

  const frames = () =>
    [toolbar?.frame, card?.frame, translation.frame()].filter((frame) => frame?.alive) as FrameElement[];
  const isOwnUi = (node: Node) => frames().some((frame) => frame.iframe === node || frame.iframe.contains(node));
  const viewport = (): Size => ({
    width: Math.min(win.innerWidth, doc.documentElement.clientWidth || win.innerWidth),
    height: win.innerHeight,
  });

  /** Asked once, and again after the background says the settings changed. */
  function siteAccess(): Promise<SiteAccess | undefined> {
    access ??= deps.send({ type: 'site-access' }).then((reply) => (reply.ok ? (reply.value as SiteAccess) : undefined));
    return access;
  }

  function newFrame(kind: FrameKind): FrameElement {
    const name = deps.newName();
    return createFrameElement(doc, name, deps.frameUrl(kind, name));
  }

  const writing = createWritingHost({ doc, send: deps.send, openCard: (at) => openCard('pending', at) });
  const translation = createTranslationHost({
    doc,
    send: deps.send,
    newFrame: () => newFrame('translation'),
    viewport,
    isOwn: (node) => isOwnUi(node),
  });

  // --- The toolbar -----------------------------------------------------------------------------

  function scheduleCheck() {
    clearTimeout(debounce);
    debounce = setTimeout(() => void checkSelection(), deps.debounceMs ?? 200);
  }

  async function checkSelection() {
    const found = readSelection(doc, isOwnUi);
    if (!found) return hideToolbar();
    const allowed = await siteAccess();
    if (destroyed || !allowed?.toolbar || readSelection(doc, isOwnUi)?.text !== found.text) return;
    if (!toolbar?.frame.alive) toolbar = { frame: newFrame('toolbar') };
    selected = found;
    const current = toolbar;
    const reply = await deps.send({ type: 'toolbar-frame', frame: current.frame.name, text: found.text });
    if (!reply.ok || selected !== found) return current === toolbar && !reply.ok ? hideToolbar() : undefined;
    placeToolbar();
  }

  /** Above its selection; until the frame has said how big it is, in place but transparent. */
  function placeToolbar() {
    if (!toolbar || !selected) return;
    const rect = rangeRect(selected.range);
    if (isOutOfView(rect, viewport())) return hideToolbar();
    const size = toolbar.size ?? MEASURING_TOOLBAR;
    const placement = placeNear(rect, size, viewport(), 'above');
    if (toolbar.size) toolbar.frame.show(placement, size);
    else toolbar.frame.measure(placement, size);
  }

  function hideToolbar() {
    clearTimeout(debounce);
    toolbar?.frame.hide();
    selected = undefined;
  }

  // --- The card --------------------------------------------------------------------------------

  /** Where the card goes: beside its selection (below it when there is room), or in the corner. */
  function cardPlacement(state: CardState) {
    const size = { width: Math.min(CARD_WIDTH, viewport().width - 16), height: EXPECTED_HEIGHT };
    const placement = state.anchor
      ? placeNear(state.anchor.rect(), size, viewport(), 'below')
      : placeInCorner(size, viewport());
    return { placement, width: size.width, room: Math.max(120, Math.min(placement.room, MAX_HEIGHT)) };
  }

  function placeCard() {
    const state = card;
    if (!state) return;
    const { placement, width, room } = cardPlacement(state);
    if (Math.abs(room - state.room) >= 1) {
      state.room = room;
      void deps.send({ type: 'card-room', frame: state.frame.name, room });
    }
    if (!state.size) return state.frame.measure(placement, { width, height: room });
    state.frame.show(placement, { width, height: Math.min(state.size.height, room) });
    if (state.focusOnShow) {
      state.focusOnShow = false;
      // The frame moves focus to its own control once it has it.
      state.frame.iframe.focus({ preventScroll: true });
    }
  }

  async function openCard(purpose: CardState['purpose'], at?: Anchor): Promise<Reply> {
    const allowed = await siteAccess();
    if (destroyed || !allowed?.assistant) return { ok: false, error: 'The page assistant is off on this site.' };
    const selection = purpose === 'pending' && !at ? (selected ?? readSelection(doc, isOwnUi)) : undefined;
    const anchor = at ?? (selection && selectionAnchor(selection));
    const returnFocus = card?.returnFocus ?? doc.activeElement;
    hideToolbar();
    const frame = card?.frame.alive ? card.frame : newFrame('card');
    const state: CardState = { frame, anchor, purpose, returnFocus, room: 0, focusOnShow: true };
    // A reused frame keeps its size until it reports the new one.
    if (card?.frame === frame) state.size = card.size;
    card = state;
    state.room = cardPlacement(state).room;
    const reply = await deps.send({ type: 'card-frame', frame: frame.name, purpose, room: state.room });
    if (!reply.ok) {
      if (card === state) closeCard(false);
      return { ok: false, error: 'The card could not open.' };
    }
    placeCard();
    return { ok: true, value: undefined };
  }

  /** The card goes, and with it everything of Inkling's on the page; focus and selection come back. */
  function closeCard(restore = true) {
    const closing = card;
    card = undefined;
    hideToolbar();
    toolbar?.frame.remove();
    toolbar = undefined;
    if (!closing) return;
    // A frame the user is in (Escape, Close) goes a moment after it is hidden: removed at once, the
    // key's up or the click's end would have nowhere to go.
    const inUse = doc.activeElement === closing.frame.iframe;
    if (restore) restoreFocus(closing);
    closing.frame.remove(inUse);
  }

  function restoreFocus(closing: CardState) {
    const target = closing.returnFocus;
    if (target instanceof HTMLElement && target !== doc.body && target.isConnected)
      target.focus({ preventScroll: true });
    const range = closing.anchor?.range;
    const selection = doc.getSelection();
    if (range && selection && range.startContainer.isConnected) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  function frameSized(name: string, size: Size) {
    if (translation.owns(name)) translation.sized(size);
    else if (toolbar?.frame.name === name) {
      toolbar.size = size;
      if (selected) placeToolbar();
    } else if (card?.frame.name === name) {
      card.size = size;
      placeCard();
    }
  }

  async function accessChanged() {
    access = undefined;
    if (!toolbar && !card) return;
    const allowed = await siteAccess();
    if (!allowed?.assistant) closeCard(false);
    else if (!allowed.toolbar) hideToolbar();
  }

  /** A message from the background (the caller checked the sender); the reply, if any. */
  function receive(message: ToContent): Promise<Reply> | undefined {
    if (destroyed) return undefined;
    switch (message.type) {
      case 'ask-about-page':
        if (card?.purpose === 'ask-page')
          return Promise.resolve(closeCard()).then(() => ({ ok: true, value: undefined }));
        return openCard('ask-page');
      case 'open-card':
        return openCard('pending');
      case 'frame-size':
        frameSized(message.frame, message);
        return undefined;
      case 'close-frame':
        if (card?.frame.name === message.frame) closeCard();
        else if (toolbar?.frame.name === message.frame) hideToolbar();
        else if (translation.owns(message.frame)) translation.hideBar();
        return undefined;
      case 'site-access-changed':
        void accessChanged();
        return undefined;
      case 'read-page':
      case 'show-quote':
        return undefined;
      default:
        return translation.receive(message) ?? writing.receive(message);
    }
  }

  listenToPage(doc, win, listeners.signal, {
    isOwnTarget: (event) => event.target instanceof Node && isOwnUi(event.target),
    toolbarShown: () => toolbar?.frame.shown ?? false,
    selectionMayHaveChanged: scheduleCheck,
    hideToolbar,
    escape: () => closeCard(),
    viewportMoved: () => {
      followFrame ??= win.requestAnimationFrame(() => {
        followFrame = undefined;
        placeToolbar();
        placeCard();
        translation.follow();
      });
    },
  });

  return {
    receive,
    /** Takes everything off the page and stops listening (the extension was reloaded or removed). */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      listeners.abort();
      clearTimeout(debounce);
      if (followFrame !== undefined) win.cancelAnimationFrame(followFrame);
      closeCard(false);
      translation.destroy();
    },
  };
}

export type PageHost = ReturnType<typeof createPageHost>;
