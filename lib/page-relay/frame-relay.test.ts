import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_PORT_NAME, type ToContent, type ToFrame } from '../contracts/page';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { createPortPair, type MemoryPort } from '../../tests/unit/memory-port';
import { settle } from '../../tests/unit/page-assistant-harness';
import { createFrameRelay, type ContinueRequest } from './frame-relay';

const ORIGIN = 'chrome-extension://inkling-test/';
const TAB = 7;
const PAGE = { tabId: TAB, windowId: 3, url: 'https://news.example.com/story' };
const TOOLBAR = 'a'.repeat(32);
const CARD = 'b'.repeat(32);

function setup(initial: Partial<Settings> = {}) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const toContent: { tabId: number; message: ToContent }[] = [];
  const continued: ContinueRequest[] = [];
  let refuseContinue: string | undefined;
  const translation = {
    start: vi.fn(async () => ({ source: 'en', target: 'de', by: 'Chrome’s translator' })),
    translate: vi.fn(async (_tabId: number, paragraphs: string[][]) => paragraphs.map((p) => p.map((s) => `DE ${s}`))),
    stop: vi.fn(),
    useTranslator: vi.fn(async () => ({ source: 'en', target: 'de', by: 'Chrome’s translator' })),
  };
  const writing = { run: vi.fn(async () => ({ text: 'Fixed.', by: 'Chrome’s Proofreader' })), stop: vi.fn() };
  const relay = createFrameRelay({
    settings: async () => settings,
    async saveSettings(next) {
      settings = next;
    },
    sendToTab: async (tabId, message) => void toContent.push({ tabId, message }),
    async continueInPanel(request) {
      continued.push(request);
      if (refuseContinue) throw new Error(refuseContinue);
    },
    translation,
    writing,
    extensionOrigin: ORIGIN,
    waitMs: 1_000,
  });
  /** A frame of the page connects its control port; `client` is the frame's end. */
  const frame = (page: string, name: string, tabId = TAB): MemoryPort => {
    const pair = createPortPair({
      name: FRAME_PORT_NAME,
      sender: { id: 'inkling-test', url: `${ORIGIN}${page}#${name}`, tab: { id: tabId } },
    });
    relay.connect(pair.server);
    return pair.client;
  };
  const received = (port: MemoryPort) => port.received as ToFrame[];
  return {
    relay,
    translation,
    frame,
    received,
    toContent,
    continued,
    refuseContinueWith: (message: string) => (refuseContinue = message),
    get settings() {
      return settings;
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('the page assistant’s relay', () => {
  it('tells a content script what it may show on its site, from settings it cannot read', async () => {
    const { relay } = setup({
      pageAssistant: { ...DEFAULT_SETTINGS.pageAssistant, blockedSites: ['example.com'] },
    });
    expect(await relay.fromContent({ type: 'site-access' }, PAGE)).toEqual({
      ok: true,
      value: { assistant: false, toolbar: false },
    });
    expect(await relay.fromContent({ type: 'site-access' }, { ...PAGE, url: 'https://other.org/' })).toEqual({
      ok: true,
      value: { assistant: true, toolbar: true },
    });
  });

  it('sends the toolbar frame the visible quick actions, whichever of the two comes first', async () => {
    const quickActions = DEFAULT_SETTINGS.quickActions.map((action) => ({
      ...action,
      hidden: action.id === 'translate',
    }));
    const { relay, frame, received } = setup({ quickActions });
    // The frame was quicker than its content script's message.
    const toolbar = frame('page-toolbar.html', TOOLBAR);
    await relay.fromContent({ type: 'toolbar-frame', frame: TOOLBAR, text: 'Tea is a drink.' }, PAGE);
    await settle();
    expect(received(toolbar)).toEqual([
      {
        type: 'toolbar',
        actions: [
          { id: 'summarize', label: 'Summarize' },
          { id: 'explain', label: 'Explain' },
          { id: 'rewrite', label: 'Rewrite (simpler)' },
        ],
      },
    ]);
  });

  it('a toolbar button opens the card with that action’s answer about the selection', async () => {
    const { relay, frame, received, toContent } = setup();
    await relay.fromContent({ type: 'toolbar-frame', frame: TOOLBAR, text: 'Tea is a drink.' }, PAGE);
    const toolbar = frame('page-toolbar.html', TOOLBAR);
    toolbar.postMessage({ type: 'action', actionId: 'explain' });
    await settle();
    expect(toContent).toEqual([{ tabId: TAB, message: { type: 'open-card' } }]);
    expect(await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'pending', room: 400 }, PAGE)).toEqual({
      ok: true,
      value: undefined,
    });
    const card = frame('page-card.html', CARD);
    await settle();
    expect(received(card)).toEqual([
      { type: 'room', height: 400 },
      {
        type: 'answer',
        title: 'Explain',
        task: expect.objectContaining({ kind: 'prompt', quote: 'Tea is a drink.', label: 'Explain' }),
        windowId: 3,
      },
    ]);
    // The answer is handed out once: a second card frame gets nothing.
    expect(await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'pending', room: 400 }, PAGE)).toEqual({
      ok: false,
      error: 'There is no answer to show.',
    });
  });

  it('“Ask…” opens a question box about the selection; the keyboard command one about the page', async () => {
    const { relay, frame, received } = setup();
    await relay.fromContent({ type: 'toolbar-frame', frame: TOOLBAR, text: 'Tea is a drink.' }, PAGE);
    frame('page-toolbar.html', TOOLBAR).postMessage({ type: 'ask-selection' });
    await settle();
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'pending', room: 300 }, PAGE);
    const card = frame('page-card.html', CARD);
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'ask-page', room: 300 }, PAGE);
    await settle();
    expect(received(card).filter((message) => message.type === 'ask')).toEqual([
      { type: 'ask', text: 'Tea is a drink.', windowId: 3 },
      { type: 'ask', windowId: 3 },
    ]);
  });

  it('carries sizes and Close from a frame to its content script, and room from it to the card', async () => {
    const { relay, frame, received, toContent } = setup();
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'ask-page', room: 300 }, PAGE);
    const card = frame('page-card.html', CARD);
    card.postMessage({ type: 'size', width: 440, height: 180 });
    card.postMessage({ type: 'close' });
    await relay.fromContent({ type: 'card-room', frame: CARD, room: 250 }, PAGE);
    await settle();
    expect(toContent.map(({ message }) => message)).toEqual([
      { type: 'frame-size', frame: CARD, width: 440, height: 180 },
      { type: 'close-frame', frame: CARD },
    ]);
    expect(received(card).at(-1)).toEqual({ type: 'room', height: 250 });
  });

  it('takes each message only from the frame that needs it, and nothing from frames it let go', async () => {
    const { relay, frame, toContent, settings } = setup();
    await relay.fromContent({ type: 'toolbar-frame', frame: TOOLBAR, text: 'Tea' }, PAGE);
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'ask-page', room: 300 }, PAGE);
    const toolbar = frame('page-toolbar.html', TOOLBAR);
    const card = frame('page-card.html', CARD);
    toolbar.postMessage({ type: 'block-site', id: 1 });
    card.postMessage({ type: 'action', actionId: 'explain' });
    card.postMessage({ type: 'size', width: 'wide', height: 1 });
    await settle();
    expect(toContent).toEqual([]);
    expect(settings.pageAssistant.blockedSites).toEqual([]);
    // A newer card replaces this one: the old frame is let go and can send nothing more.
    await relay.fromContent({ type: 'card-frame', frame: 'c'.repeat(32), purpose: 'ask-page', room: 300 }, PAGE);
    await settle();
    expect(card.connected).toBe(false);
    expect(() => card.postMessage({ type: 'close' })).toThrow(/disconnected/);
  });

  it('sends away ports that are not one of a page’s frames, and frames nobody named in time', async () => {
    vi.useFakeTimers();
    const { relay } = setup();
    const stranger = createPortPair({
      name: FRAME_PORT_NAME,
      sender: { id: 'inkling-test', url: `${ORIGIN}sidepanel.html`, tab: { id: TAB } },
    });
    relay.connect(stranger.server);
    expect(stranger.client.connected).toBe(false);
    const unnamed = createPortPair({
      name: FRAME_PORT_NAME,
      sender: { id: 'inkling-test', url: `${ORIGIN}page-card.html#${CARD}`, tab: { id: TAB } },
    });
    relay.connect(unnamed.server);
    expect(unnamed.client.connected).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(unnamed.client.connected).toBe(false);
  });

  it('does not hand one tab’s frame to another tab’s content script', async () => {
    const { relay, frame, received } = setup();
    const elsewhere = frame('page-toolbar.html', TOOLBAR, 99);
    await relay.fromContent({ type: 'toolbar-frame', frame: TOOLBAR, text: 'Tea' }, PAGE);
    await settle();
    expect(received(elsewhere)).toEqual([]);
  });

  it('“Don’t show on this site” blocks the page’s own site; “Hide the toolbar” says how to undo it', async () => {
    const { relay, frame, received, settings: before } = setup();
    expect(before.pageAssistant.blockedSites).toEqual([]);
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'ask-page', room: 300 }, PAGE);
    const card = frame('page-card.html', CARD);
    card.postMessage({ type: 'hide-toolbar', id: 1 });
    card.postMessage({ type: 'block-site', id: 2 });
    await settle();
    const replies = received(card).filter((message) => message.type === 'reply');
    expect(replies).toEqual([
      { type: 'reply', id: 1, ok: true, text: 'The toolbar is off. Turn it on again in Inkling’s options.' },
      { type: 'reply', id: 2, ok: true },
    ]);
    expect(await relay.fromContent({ type: 'site-access' }, PAGE)).toEqual({
      ok: true,
      value: { assistant: false, toolbar: false },
    });
  });

  it('continues an answer in the panel for the card’s own tab, or says why not', async () => {
    const { relay, frame, received, continued, refuseContinueWith } = setup();
    await relay.fromContent({ type: 'card-frame', frame: CARD, purpose: 'ask-page', room: 300 }, PAGE);
    const card = frame('page-card.html', CARD);
    card.postMessage({ type: 'continue-in-panel', id: 1, answerId: 'answer-1', shownChars: 12, panelOpened: true });
    await settle();
    expect(continued).toEqual([{ tabId: TAB, windowId: 3, answerId: 'answer-1', shownChars: 12, panelOpened: true }]);
    refuseContinueWith('This answer is no longer kept.');
    card.postMessage({ type: 'continue-in-panel', id: 2, answerId: 'answer-0', shownChars: 0, panelOpened: true });
    await settle();
    expect(received(card).filter((message) => message.type === 'reply')).toEqual([
      { type: 'reply', id: 1, ok: true },
      { type: 'reply', id: 2, ok: false, text: 'This answer is no longer kept.' },
    ]);
  });
});
