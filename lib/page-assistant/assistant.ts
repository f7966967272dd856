import * as v from 'valibot';
import type { QuickAction, Settings } from '../settings/settings';
import { createCard, type Card, type CardDeps } from './card';
import type { RunFn } from './jobs';
import { writeClipboard } from '../ui/clipboard';
import { actionJob, ASK_PAGE_TITLE, ASK_SELECTION_TITLE, askPageJob, askSelectionJob, taskJob } from './jobs';
import { ToContentSchema, type FromContent, type Reply } from '../contracts/page';
import { isOutOfView, type Size } from './position';
import { rangeRect, readSelection, type RectLike, type SelectedText } from './selection';
import { createShadowHost, type ShadowHost } from './shadow-host';
import { listenToPage } from './page-events';
import { isAssistantAllowed, withSiteBlocked } from './sites';
import { createToolbar, type Toolbar } from './toolbar';

export const ASK_SELECTION_INPUT_LABEL = 'Your question about the selection';
export const ASK_PAGE_INPUT_LABEL = 'Your question about this page';

export interface SettingsAccess {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  watch(listener: (settings: Settings) => void): () => void;
}

export interface PageAssistantDeps {
  doc: Document;
  /** The page's host name, for the blocked sites. */
  hostname: string;
  /** Every style the shadow root needs. */
  css: string;
  settings: SettingsAccess;
  run: RunFn;
  sendMessage(message: FromContent): Promise<unknown>;
  writeClipboard?(text: string): Promise<void>;
  /** How long after mouseup/keyup the selection is read (a double click is still selecting). */
  debounceMs?: number;
  requestFrame?: CardDeps['requestFrame'];
  cancelFrame?: CardDeps['cancelFrame'];
  /** Unit tests only: an open shadow root they can look into. Pages always get a closed one. */
  shadowMode?: ShadowRootMode;
}

/**
 * The page assistant: the toolbar on a selection, the answer card, the "Ask about this page" box,
 * the background's tasks. Nothing is put on the page until it is first needed; nothing is shown
 * while the settings say no (off, blocked site, toolbar hidden). Page scripts can start nothing:
 * every listener takes the user's own (trusted) events only, and commands come from the background.
 */
export function createPageAssistant(deps: PageAssistantDeps) {
  const { doc } = deps;
  const win = doc.defaultView ?? window;
  const listeners = new AbortController();
  let settings: Settings | undefined;
  let ui: { host: ShadowHost; toolbar: Toolbar } | undefined;
  let card: { card: Card; mode: 'answer' | 'ask-page'; returnFocus: Element | null } | undefined;
  /** The selection the toolbar was shown for. */
  let selected: SelectedText | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let scrollFrame: number | undefined;
  let destroyed = false;

  const ready = deps.settings.load().then(
    (loaded) => applySettings(loaded),
    () => undefined, // Unreadable settings: stay off.
  );
  const unwatch = deps.settings.watch((changed) => applySettings(changed));

  const allowed = () => settings !== undefined && isAssistantAllowed(settings, deps.hostname);
  const toolbarAllowed = () => allowed() && settings!.pageAssistant.showToolbar;
  const isOwnUi = (node: Node) => ui?.host.contains(node) ?? false;
  const isOwnTarget = (event: Event) => event.target instanceof Node && isOwnUi(event.target);
  const viewport = (): Size => ({
    width: Math.min(win.innerWidth, doc.documentElement.clientWidth || win.innerWidth),
    height: win.innerHeight,
  });

  function applySettings(next: Settings) {
    if (destroyed) return;
    settings = next;
    ui?.toolbar.render(next.quickActions);
    if (!allowed()) hideEverything();
    else if (!next.pageAssistant.showToolbar) hideToolbar();
  }

  function getUi() {
    if (!ui) {
      const host = createShadowHost(doc, deps.css, deps.shadowMode);
      const toolbar = createToolbar(doc, { onAction: runAction, onAsk: askAboutSelection });
      toolbar.render(settings?.quickActions ?? []);
      host.root.append(toolbar.element);
      ui = { host, toolbar };
    }
    ui.host.attach();
    return ui;
  }

  // --- The toolbar -------------------------------------------------------------------------

  function scheduleCheck() {
    clearTimeout(debounce);
    debounce = setTimeout(checkSelection, deps.debounceMs ?? 200);
  }

  function checkSelection() {
    if (destroyed || !toolbarAllowed()) return hideToolbar();
    const found = readSelection(doc, isOwnUi);
    if (!found) return hideToolbar();
    selected = found;
    getUi().toolbar.show(found.rect, viewport());
  }

  function hideToolbar() {
    clearTimeout(debounce);
    ui?.toolbar.hide();
    selected = undefined;
  }

  function hideEverything() {
    hideToolbar();
    closeCard();
  }

  /** After a scroll the toolbar follows its selection, and goes when the selection is out of view. */
  function followSelection() {
    scrollFrame = undefined;
    if (!ui?.toolbar.shown || !selected) return;
    const rect = rangeRect(selected.range);
    if (isOutOfView(rect, viewport())) hideToolbar();
    else ui.toolbar.show(rect, viewport());
  }

  function runAction(action: QuickAction) {
    const selection = selected;
    if (!selection || !allowed()) return;
    hideToolbar();
    const opened = openCard(currentRect(selection), 'answer');
    opened.run(actionJob(action, selection.text));
    opened.focus();
  }

  function askAboutSelection() {
    const selection = selected;
    if (!selection || !allowed()) return;
    hideToolbar();
    openCard(currentRect(selection), 'answer').ask(ASK_SELECTION_INPUT_LABEL, ASK_SELECTION_TITLE, (question) =>
      askSelectionJob(question, selection.text),
    );
  }

  function currentRect(selection: SelectedText): RectLike {
    const rect = rangeRect(selection.range);
    return rect.width > 0 || rect.height > 0 ? rect : selection.rect;
  }

  // --- The card ----------------------------------------------------------------------------

  function openCard(anchor: RectLike | undefined, mode: 'answer' | 'ask-page'): Card {
    const returnFocus = card?.returnFocus ?? doc.activeElement;
    closeCard(false);
    const created = createCard({
      doc,
      run: deps.run,
      sendMessage: deps.sendMessage,
      writeClipboard: deps.writeClipboard ?? ((text) => writeClipboard(doc, text)),
      generateOptions: () => ({ ...settings?.sampling }),
      blockSite,
      hideToolbar: hideToolbarEverywhere,
      onClose: () => {
        if (card?.card === created) closeCard();
      },
      requestFrame: deps.requestFrame,
      cancelFrame: deps.cancelFrame,
    });
    getUi().host.root.append(created.element);
    created.place(anchor, viewport());
    card = { card: created, mode, returnFocus };
    return created;
  }

  function closeCard(restoreFocus = true) {
    const closing = card;
    if (!closing) return;
    card = undefined;
    closing.card.destroy();
    const target = closing.returnFocus;
    if (restoreFocus && target instanceof HTMLElement && target !== doc.body && target.isConnected)
      target.focus({ preventScroll: true });
  }

  async function blockSite(): Promise<undefined> {
    const next = withSiteBlocked(await deps.settings.load(), deps.hostname);
    if (!next.ok) throw new Error(next.error);
    await deps.settings.save(next.settings);
    applySettings(next.settings);
    return undefined;
  }

  async function hideToolbarEverywhere(): Promise<string> {
    const current = await deps.settings.load();
    const next = { ...current, pageAssistant: { ...current.pageAssistant, showToolbar: false } };
    await deps.settings.save(next);
    applySettings(next);
    return 'The toolbar is off. Turn it on again in Inkling’s options.';
  }

  /** The keyboard command toggles the box: a second press closes it while nothing was asked yet. */
  function askAboutPage() {
    if (card?.mode === 'ask-page' && !card.card.running) return closeCard();
    hideToolbar();
    openCard(undefined, 'ask-page').ask(ASK_PAGE_INPUT_LABEL, ASK_PAGE_TITLE, askPageJob);
  }

  // --- Messages from the background ----------------------------------------------------------

  /**
   * A ToContent message from the background; anything else is not ours (undefined). Resolves with
   * the reply, or with nothing when the assistant is off here.
   */
  function receive(data: unknown): Promise<Reply | undefined> | undefined {
    const parsed = v.safeParse(ToContentSchema, data);
    if (!parsed.success) return undefined;
    const message = parsed.output;
    return ready.then((): Reply | undefined => {
      if (destroyed || !allowed()) return undefined;
      if (message.type === 'ask-about-page') {
        askAboutPage();
        return { ok: true, value: undefined };
      }
      // Answered before the assistant is asked (start.ts): the panel's reading is not the page UI.
      if (message.type === 'read-page') return undefined;
      const { task } = message;
      if (task.kind !== 'prompt') return { ok: false, error: 'Only the side panel opens conversations.' };
      const selection = readSelection(doc, isOwnUi);
      hideToolbar();
      const opened = openCard(selection?.rect, 'answer');
      opened.run(taskJob(task));
      opened.focus();
      return { ok: true, value: undefined };
    });
  }

  // --- The page's events (the user's only) ---------------------------------------------------

  listenToPage(doc, win, listeners.signal, {
    isOwnTarget,
    toolbarShown: () => ui?.toolbar.shown ?? false,
    selectionMayHaveChanged: scheduleCheck,
    hideToolbar,
    escape: () => closeCard(),
    scrolled: () => {
      if (scrollFrame === undefined) scrollFrame = win.requestAnimationFrame(followSelection);
    },
  });

  return {
    receive,
    /** Settles once the settings were first read. */
    ready,
    /** Takes everything off the page and stops listening (the extension was reloaded or removed). */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      listeners.abort();
      unwatch();
      clearTimeout(debounce);
      if (scrollFrame !== undefined) win.cancelAnimationFrame(scrollFrame);
      closeCard(false);
      ui?.host.remove();
      ui = undefined;
    },
  };
}

export type PageAssistant = ReturnType<typeof createPageAssistant>;
