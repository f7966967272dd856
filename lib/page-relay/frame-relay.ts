import * as v from 'valibot';
import {
  FromFrameSchema,
  type FrameKind,
  type FromContent,
  type FromFrame,
  type Reply,
  type ToFrame,
} from '../contracts/page';
import { post, type PortLike } from '../rpc/port';
import { siteAccess } from '../settings/sites';
import { quickActionTask } from '../tasks/fill-prompt';
import { frameAddress, type FrameAddress } from './frame-address';
import { createPageTools } from './page-tools';
import type { FrameRelayDeps, FrameSlot, PendingCard, TabFrames } from './tab-frames';

export type { ContinueRequest, FrameRelayDeps, PendingCard } from './tab-frames';

/** A content script's message, as the browser reported its sender. */
export interface ContentSender {
  tabId: number;
  windowId: number;
  /** The page's address (the top frame's: the content script runs there only). */
  url: string;
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
  'writing-run': ['card'],
  'writing-stop': ['card'],
  'writing-insert': ['card'],
} as const satisfies Record<FromFrame['type'], readonly FrameKind[]>;

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

  const tools = createPageTools({ deps, send, slotFor });

  function pendingMessage(pending: PendingCard, windowId: number): ToFrame {
    if (pending.kind === 'answer') return { type: 'answer', title: pending.title, task: pending.task, windowId };
    if (pending.kind === 'writing') return { type: 'writing', ...pending, windowId };
    return { type: 'ask', ...(pending.text !== undefined && { text: pending.text }), windowId };
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
        return tools.fromContent(sender.tabId, state, message);
    }
  }

  /** Shows `pending` in the tab's card: the content script opens the card frame and names it. */
  async function openCard(tabId: number, pending: PendingCard): Promise<void> {
    const state = tabs.get(tabId);
    if (state) state.pending = pending;
    else tabs.set(tabId, { pageUrl: '', windowId: -1, pending });
    await deps.sendToTab(tabId, { type: 'open-card' });
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
      case 'writing-stop':
        return tools.notice(tabId, state, message);
      default:
        return tools.reply(tabId, state, message);
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
