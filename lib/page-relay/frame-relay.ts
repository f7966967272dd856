import * as v from 'valibot';
import {
  FromFrameSchema,
  type FrameKind,
  type FromContent,
  type FromFrame,
  type Reply,
  type ToContent,
  type ToFrame,
  type TranslationPlan,
} from '../contracts/page';
import type { TaskRequest } from '../contracts/task';
import { post, type PortLike } from '../rpc/port';
import type { Settings } from '../settings/settings';
import { hostnameOf, siteAccess, withSiteBlocked } from '../settings/sites';
import { quickActionTask } from '../tasks/fill-prompt';
import { frameAddress, type FrameAddress } from './frame-address';

/** What the card shows next: an answer the background starts, or a question box. */
export type PendingCard = { kind: 'answer'; title: string; task: TaskRequest } | { kind: 'ask'; text?: string };

export interface ContinueRequest {
  tabId: number;
  windowId: number;
  answerId: string;
  shownChars: number;
  panelOpened: boolean;
}

/** A content script's message, as the browser reported its sender. */
export interface ContentSender {
  tabId: number;
  windowId: number;
  /** The page's address (the top frame's: the content script runs there only). */
  url: string;
}

export interface FrameRelayDeps {
  settings(): Promise<Settings>;
  saveSettings(next: Settings): Promise<void>;
  sendToTab(tabId: number, message: ToContent): Promise<unknown>;
  /** "Continue in side panel"; rejects with a plain sentence when it cannot. */
  continueInPanel(request: ContinueRequest): Promise<void>;
  /** The background's page translation (lib/translate). */
  translation: {
    start(tabId: number, page: { lang: string; sample: string }): Promise<TranslationPlan>;
    /** Null when the translation was stopped meanwhile. */
    translate(tabId: number, paragraphs: string[][]): Promise<string[][] | null>;
    /** Stops the tab's translation at once: its request under way ends. */
    stop(tabId: number): void;
  };
  extensionOrigin: string;
  /** How long a frame that connects before its content script named it may wait. */
  waitMs?: number;
}

interface FrameSlot {
  name: string;
  port?: PortLike;
  /** What the frame is sent once it connects. */
  queue: ToFrame[];
}

interface TabFrames {
  pageUrl: string;
  windowId: number;
  /** The selection the toolbar was last shown for: what its buttons act on. */
  selection?: string;
  toolbar?: FrameSlot;
  card?: FrameSlot;
  translation?: FrameSlot;
  pending?: PendingCard;
  /** Who translates the page, for the translation's bar. */
  plan?: TranslationPlan;
}

/** Which frame may send what: the toolbar starts answers, the card asks for settings and the panel. */
const FRAME_SENDERS = {
  size: ['toolbar', 'card', 'translation'],
  close: ['toolbar', 'card', 'translation'],
  'translation-action': ['translation'],
  action: ['toolbar'],
  'ask-selection': ['toolbar'],
  'block-site': ['card'],
  'hide-toolbar': ['card'],
  'continue-in-panel': ['card'],
} as const satisfies Record<FromFrame['type'], readonly FrameKind[]>;

const HIDDEN_TOOLBAR_NOTICE = 'The toolbar is off. Turn it on again in Inkling’s options.';

/**
 * The background's half of the page assistant: it carries messages between a page's content script
 * and that page's toolbar and card frames, which never talk to each other directly. A frame is known
 * by the name in its address, which the content script gave it and told the background first.
 */
export function createFrameRelay(deps: FrameRelayDeps) {
  const tabs = new Map<number, TabFrames>();
  const early = new Map<
    string,
    { port: PortLike; tabId: number; kind: FrameKind; timer: ReturnType<typeof setTimeout> }
  >();

  function send(slot: FrameSlot, message: ToFrame) {
    if (!slot.port || !post(slot.port, message)) slot.queue.push(message);
  }

  function slotFor(tabId: number, state: TabFrames, kind: FrameKind, name: string): FrameSlot {
    const current = state[kind];
    if (current?.name === name) return current;
    current?.port?.disconnect();
    const slot: FrameSlot = { name, queue: [] };
    state[kind] = slot;
    const waiting = early.get(name);
    if (waiting?.tabId === tabId && waiting.kind === kind) {
      early.delete(name);
      clearTimeout(waiting.timer);
      attach(slot, waiting.port);
    }
    return slot;
  }

  function attach(slot: FrameSlot, port: PortLike) {
    slot.port = port;
    for (const message of slot.queue.splice(0)) post(port, message);
  }

  function pendingMessage(pending: PendingCard, windowId: number): ToFrame {
    return pending.kind === 'answer'
      ? { type: 'answer', title: pending.title, task: pending.task, windowId }
      : { type: 'ask', ...(pending.text !== undefined && { text: pending.text }), windowId };
  }

  async function fromContent(message: FromContent, sender: ContentSender): Promise<Reply<unknown>> {
    const previous = tabs.get(sender.tabId);
    const state: TabFrames = previous ?? { pageUrl: sender.url, windowId: sender.windowId };
    Object.assign(state, { pageUrl: sender.url, windowId: sender.windowId });
    tabs.set(sender.tabId, state);
    switch (message.type) {
      case 'site-access':
        return { ok: true, value: siteAccess(await deps.settings(), sender.url) };
      case 'toolbar-frame': {
        const settings = await deps.settings();
        if (!siteAccess(settings, sender.url).toolbar) return { ok: false, error: 'The toolbar is off here.' };
        state.selection = message.text;
        const actions = settings.quickActions.filter((action) => !action.hidden);
        send(slotFor(sender.tabId, state, 'toolbar', message.frame), {
          type: 'toolbar',
          actions: actions.map(({ id, label }) => ({ id, label })),
        });
        return { ok: true, value: undefined };
      }
      case 'card-frame': {
        const pending = message.purpose === 'ask-page' ? ({ kind: 'ask' } as const) : state.pending;
        state.pending = undefined;
        if (!pending) return { ok: false, error: 'There is no answer to show.' };
        const slot = slotFor(sender.tabId, state, 'card', message.frame);
        send(slot, { type: 'room', height: message.room });
        send(slot, pendingMessage(pending, state.windowId));
        return { ok: true, value: undefined };
      }
      case 'card-room':
        if (state.card?.name === message.frame) send(state.card, { type: 'room', height: message.room });
        return { ok: true, value: undefined };
      default:
        return translationMessage(sender.tabId, state, message);
    }
  }

  /** A page translation's messages: the background translates, the bar shows how it goes. */
  async function translationMessage(tabId: number, state: TabFrames, message: FromContent): Promise<Reply<unknown>> {
    if (message.type === 'translate-paragraphs') {
      return { ok: true, value: await deps.translation.translate(tabId, message.paragraphs) };
    }
    if (message.type === 'translation-progress') {
      if (state.translation && state.plan)
        send(state.translation, { type: 'translation', plan: state.plan, progress: message.progress });
      return { ok: true, value: undefined };
    }
    if (message.type !== 'translation-start') return { ok: false, error: 'Not a translation message.' };
    const bar = slotFor(tabId, state, 'translation', message.frame);
    try {
      state.plan = await deps.translation.start(tabId, message);
      send(bar, { type: 'translation', plan: state.plan, progress: { done: 0, total: 0, state: 'translating' } });
      return { ok: true, value: state.plan };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const failed = { done: 0, total: 0, state: 'failed', error: text } as const;
      send(bar, { type: 'translation', plan: { target: '', by: '' }, progress: failed });
      return { ok: false, error: text };
    }
  }

  /** Shows `pending` in the tab's card: the content script opens the card frame and names it. */
  async function openCard(tabId: number, pending: PendingCard): Promise<void> {
    const state = tabs.get(tabId);
    if (state) state.pending = pending;
    else tabs.set(tabId, { pageUrl: '', windowId: -1, pending });
    await deps.sendToTab(tabId, { type: 'open-card' });
  }

  async function request(state: TabFrames, tabId: number, message: FromFrame): Promise<string | undefined> {
    if (message.type === 'block-site') {
      const next = withSiteBlocked(await deps.settings(), hostnameOf(state.pageUrl));
      if (!next.ok) throw new Error(next.error);
      await deps.saveSettings(next.settings);
      return undefined;
    }
    if (message.type === 'hide-toolbar') {
      const current = await deps.settings();
      await deps.saveSettings({ ...current, pageAssistant: { ...current.pageAssistant, showToolbar: false } });
      return HIDDEN_TOOLBAR_NOTICE;
    }
    if (message.type === 'continue-in-panel') {
      const { answerId, shownChars, panelOpened } = message;
      await deps.continueInPanel({ tabId, windowId: state.windowId, answerId, shownChars, panelOpened });
    }
    return undefined;
  }

  async function fromFrame(tabId: number, address: FrameAddress, message: FromFrame) {
    const state = tabs.get(tabId);
    const slot = state?.[address.kind];
    if (!state || slot?.name !== address.name) return; // A frame the content script has let go.
    switch (message.type) {
      case 'size':
        return void deps
          .sendToTab(tabId, { type: 'frame-size', frame: address.name, width: message.width, height: message.height })
          .catch(() => {});
      case 'close':
        return void deps.sendToTab(tabId, { type: 'close-frame', frame: address.name }).catch(() => {});
      case 'action': {
        const action = (await deps.settings()).quickActions.find((candidate) => candidate.id === message.actionId);
        if (!action || !state.selection) return;
        return openCard(tabId, { kind: 'answer', title: action.label, task: quickActionTask(action, state.selection) });
      }
      case 'ask-selection':
        return state.selection ? openCard(tabId, { kind: 'ask', text: state.selection }) : undefined;
      case 'translation-action':
        if (message.action === 'stop' || message.action === 'restore') deps.translation.stop(tabId);
        return void deps.sendToTab(tabId, { type: 'translation-action', action: message.action }).catch(() => {});
      default: {
        const { id } = message;
        try {
          const text = await request(state, tabId, message);
          send(slot, { type: 'reply', id, ok: true, ...(text !== undefined && { text }) });
        } catch (error) {
          send(slot, { type: 'reply', id, ok: false, text: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }

  /** A frame's control port. Anything but one of the content script's frames, in a tab, is sent away. */
  function connect(port: PortLike) {
    const address = frameAddress(port.sender?.url, deps.extensionOrigin);
    const tabId = (port.sender?.tab as { id?: number } | undefined)?.id;
    if (!address || tabId === undefined) return port.disconnect();
    port.onMessage.addListener((data) => {
      const parsed = v.safeParse(FromFrameSchema, data);
      if (!parsed.success) return;
      const senders: readonly FrameKind[] = FRAME_SENDERS[parsed.output.type];
      if (senders.includes(address.kind)) void fromFrame(tabId, address, parsed.output).catch(() => {});
    });
    port.onDisconnect.addListener(() => {
      const slot = tabs.get(tabId)?.[address.kind];
      if (slot?.port === port) slot.port = undefined;
    });
    const slot = tabs.get(tabId)?.[address.kind];
    if (slot?.name === address.name) return attach(slot, port);
    // The frame was quicker than its content script's message: it waits a little for it.
    const timer = setTimeout(() => {
      early.delete(address.name);
      port.disconnect();
    }, deps.waitMs ?? 5_000);
    early.set(address.name, { port, tabId, kind: address.kind, timer });
  }

  return {
    fromContent,
    connect,
    openCard,
    /** A tab that closed takes its frames' state with it. */
    forget: (tabId: number) => tabs.delete(tabId),
  };
}

export type FrameRelay = ReturnType<typeof createFrameRelay>;
