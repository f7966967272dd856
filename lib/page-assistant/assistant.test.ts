// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUICK_ACTIONS, DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { fillPrompt } from '../tasks/fill-prompt';
import { ASK_PAGE_INPUT_LABEL, ASK_SELECTION_INPUT_LABEL, createPageAssistant, type PageAssistant } from './assistant';
import { CARD_LABEL, CLOSE_LABEL } from './card-view';
import { BLOCK_SITE_LABEL, HIDE_TOOLBAR_LABEL, MENU_BUTTON_LABEL } from './menu';
import type { FromContent } from '../contracts/page';
import { createShadowHost, HOST_TAG } from './shadow-host';
import {
  fakeGenerate,
  fakeSettings,
  microtaskFrames,
  settle,
  trusted,
  userClick,
  userKey,
} from '../../tests/unit/page-assistant-harness';
import { fakeRunTask } from '../../tests/unit/fake-task-run';
import type { PageText, Reply } from '../contracts/page';
import { ASK_LABEL, TOOLBAR_LABEL } from './toolbar';

const PAGE = `
  <article>
    <p id="text">Tea is a drink made from the leaves of Camellia sinensis.</p>
    <p id="blank">   </p>
    <textarea id="draft">My draft reply</textarea>
    <div contenteditable="true"><p id="editable">An editable note</p></div>
  </article>`;

let running: PageAssistant | undefined;

async function setup(
  pageAssistant: Partial<Settings['pageAssistant']> = {},
  options: { hostname?: string; quickActions?: Settings['quickActions'] } = {},
) {
  document.body.innerHTML = PAGE;
  const settings = fakeSettings({
    pageAssistant: { ...DEFAULT_SETTINGS.pageAssistant, ...pageAssistant },
    ...(options.quickActions && { quickActions: options.quickActions }),
  });
  const generation = fakeGenerate();
  const sent: FromContent[] = [];
  const replies = new Map<string, unknown>();
  let pageReads = 0;
  const assistant = createPageAssistant({
    doc: document,
    hostname: options.hostname ?? 'news.example.com',
    css: '',
    settings: settings.access,
    // The background reads the page for a question about it (here: the reply set as 'page').
    run: fakeRunTask(generation, async () => {
      pageReads++;
      const reply = replies.get('page') as Reply<PageText> | undefined;
      if (!reply?.ok) throw new Error(reply?.error ?? 'This page has no text Inkling can read.');
      return reply.value;
    }).run,
    sendMessage: async (message) => {
      sent.push(message);
      return replies.get(message.type) ?? { ok: true, value: undefined };
    },
    writeClipboard: async () => {},
    debounceMs: 0,
    shadowMode: 'open',
    ...microtaskFrames,
  });
  running = assistant;
  await assistant.ready;

  const root = () => document.querySelector(HOST_TAG)?.shadowRoot ?? undefined;
  const toolbar = () => root()?.querySelector<HTMLElement>('[role="toolbar"]') ?? undefined;
  const card = () => root()?.querySelector<HTMLElement>('[role="dialog"]') ?? undefined;
  const button = (container: Element | undefined, name: string) =>
    [...(container?.querySelectorAll('button') ?? [])].find(
      (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent) === name,
    )!;
  return {
    assistant,
    settings,
    generation,
    sent,
    replies,
    pageReads: () => pageReads,
    root,
    toolbar,
    toolbarShown: () => toolbar()?.hidden === false,
    card,
    button,
    /** The user selects the element's text with the mouse. */
    async select(id: string) {
      const element = document.getElementById(id)!;
      const range = document.createRange();
      range.selectNodeContents(element);
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      element.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true, button: 0 })));
      await settle();
    },
  };
}

afterEach(() => {
  running?.destroy();
  running = undefined;
  document.getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
});

describe('the toolbar on a selection', () => {
  it('appears after the user selects text, named Inkling, with the quick actions and Ask…', async () => {
    const page = await setup();
    expect(document.querySelector(HOST_TAG)).toBeNull(); // nothing on the page until needed
    await page.select('text');
    expect(page.toolbarShown()).toBe(true);
    expect(page.toolbar()!.getAttribute('aria-label')).toBe(TOOLBAR_LABEL);
    expect([...page.toolbar()!.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      ...DEFAULT_QUICK_ACTIONS.map((action) => action.label),
      ASK_LABEL,
    ]);
  });

  it('leaves hidden quick actions out', async () => {
    const page = await setup(
      {},
      { quickActions: DEFAULT_QUICK_ACTIONS.map((action) => ({ ...action, hidden: action.id === 'translate' })) },
    );
    await page.select('text');
    expect(page.button(page.toolbar(), 'Translate')).toBeUndefined();
    expect(page.button(page.toolbar(), 'Explain')).toBeDefined();
  });

  it('does not appear for a mouseup a page script makes', async () => {
    await setup();
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text')!);
    document.getSelection()!.addRange(range);
    document.getElementById('text')!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    window.postMessage({ type: 'ask-about-page' }, '*');
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'run-task' } }));
    document.dispatchEvent(new CustomEvent('inkling', { detail: { type: 'ask-about-page' } }));
    await settle();
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });

  it('does not appear in a textarea, in editable content, or for whitespace', async () => {
    const page = await setup();
    await page.select('draft');
    expect(page.toolbarShown()).toBe(false);
    await page.select('editable');
    expect(page.toolbarShown()).toBe(false);
    await page.select('blank');
    expect(page.toolbarShown()).toBe(false);
  });

  it('hides on Escape, on a click elsewhere, and when the selection is cleared', async () => {
    const page = await setup();
    await page.select('text');
    userKey(document.body, 'Escape');
    expect(page.toolbarShown()).toBe(false);

    await page.select('text');
    document.body.dispatchEvent(trusted(new MouseEvent('mousedown', { bubbles: true })));
    expect(page.toolbarShown()).toBe(false);

    await page.select('text');
    document.getSelection()!.removeAllRanges();
    document.dispatchEvent(new Event('selectionchange'));
    expect(page.toolbarShown()).toBe(false);
  });

  it('does not hide for a press on its own buttons', async () => {
    const page = await setup();
    await page.select('text');
    page
      .button(page.toolbar(), 'Explain')
      .dispatchEvent(trusted(new MouseEvent('mousedown', { bubbles: true, composed: true })));
    expect(page.toolbarShown()).toBe(true);
  });

  it('an action opens the answer card, which streams the answer', async () => {
    const page = await setup();
    await page.select('text');
    userClick(page.button(page.toolbar(), 'Explain'));
    await settle();
    expect(page.toolbarShown()).toBe(false);
    expect(page.card()!.getAttribute('aria-label')).toBe(CARD_LABEL);
    const explain = DEFAULT_QUICK_ACTIONS.find((action) => action.id === 'explain')!;
    expect(page.generation.last().input).toBe(
      fillPrompt(explain, 'Tea is a drink made from the leaves of Camellia sinensis.', 'en'),
    );
    page.generation.last().push('Tea is **brewed**.');
    page.generation.last().finish();
    await settle();
    expect(page.card()!.querySelector('.answer strong')?.textContent).toBe('brewed');
    userClick(page.button(page.card(), CLOSE_LABEL));
    expect(page.card()).toBeUndefined();
  });

  it('Ask… opens a question box about the selection', async () => {
    const page = await setup();
    await page.select('text');
    userClick(page.button(page.toolbar(), ASK_LABEL));
    const input = page.card()!.querySelector('input')!;
    expect(input.getAttribute('aria-label')).toBe(ASK_SELECTION_INPUT_LABEL);
    input.value = 'Where does it grow?';
    userKey(input, 'Enter');
    await settle();
    expect(page.generation.last().input).toMatch(/^Where does it grow\?\n\n[\s\S]*> Tea is a drink/);
  });
});

describe('Ask about this page', () => {
  it('opens from the keyboard command even with the toolbar hidden, and asks about the page’s text', async () => {
    const page = await setup({ showToolbar: false });
    await page.select('text');
    expect(page.toolbarShown()).toBe(false);

    expect(await page.assistant.receive({ type: 'ask-about-page' })).toEqual({ ok: true, value: undefined });
    const input = page.card()!.querySelector('input')!;
    expect(input.getAttribute('aria-label')).toBe(ASK_PAGE_INPUT_LABEL);
    page.replies.set('page', {
      ok: true,
      value: { title: 'All about tea', url: 'https://news.example.com/tea', text: 'Tea grows in Assam.' },
    });
    input.value = 'Where does tea grow?';
    userKey(input, 'Enter');
    await settle();
    expect(page.pageReads()).toBe(1);
    expect(page.sent).toEqual([]);
    const prompt = page.generation.last().input;
    expect(prompt).toContain('Tea grows in Assam.');
    expect(prompt).toContain('All about tea');
    expect(prompt).toMatch(/Where does tea grow\?$/);
  });

  it('condenses a long page in parts first, with progress', async () => {
    const page = await setup();
    await page.assistant.receive({ type: 'ask-about-page' });
    const long = 'Tea is grown on hills in many countries and picked by hand. '.repeat(300);
    page.replies.set('page', { ok: true, value: { title: 'Tea', url: 'https://news.example.com/', text: long } });
    const input = page.card()!.querySelector('input')!;
    input.value = 'Who picks tea?';
    userKey(input, 'Enter');
    await settle();
    const status = () => page.card()!.querySelector('[role="status"]')!.textContent;
    expect(status()).toMatch(/^Summarizing part 1 of \d+…$/);
    expect(page.generation.last().input).toMatch(/^Summarize this part/);
    expect(page.generation.last().input).toContain('Who picks tea?');
    while (page.generation.last().input.startsWith('Summarize this part')) {
      page.generation.last().push('Pickers pick tea by hand.');
      page.generation.last().finish();
      await settle();
    }
    expect(page.generation.last().input).toMatch(/^A summary of the text of/);
    expect(page.generation.last().input).toContain('Pickers pick tea by hand.');
  });

  it('shows the background’s error in plain words when the page cannot be read', async () => {
    const page = await setup();
    await page.assistant.receive({ type: 'ask-about-page' });
    page.replies.set('page', { ok: false, error: 'This page has no text Inkling can read.' });
    const input = page.card()!.querySelector('input')!;
    input.value = 'What is this?';
    userKey(input, 'Enter');
    await settle();
    expect(page.card()!.querySelector('[role="alert"]')!.textContent).toBe('This page has no text Inkling can read.');
    expect(page.generation.requests).toHaveLength(0);
  });

  it('a second press of the command closes the box', async () => {
    const page = await setup();
    await page.assistant.receive({ type: 'ask-about-page' });
    expect(page.card()).toBeDefined();
    await page.assistant.receive({ type: 'ask-about-page' });
    expect(page.card()).toBeUndefined();
  });
});

describe('tasks from the background', () => {
  it('runs a prompt task in the card', async () => {
    const page = await setup();
    const reply = await page.assistant.receive({
      type: 'run-task',
      task: {
        kind: 'prompt',
        label: 'Summarize',
        quote: 'Short text.',
        template: 'Summarize:\n\n{text}',
        summary: true,
      },
    });
    expect(reply).toEqual({ ok: true, value: undefined });
    await settle();
    expect(page.card()!.querySelector('h2')!.textContent).toBe('Summarize');
    expect(page.generation.last().input).toBe('Summarize:\n\nShort text.');
  });

  it('is not for anything but the background’s messages', async () => {
    const page = await setup();
    expect(page.assistant.receive({ type: 'get-page-text' })).toBeUndefined();
    expect(page.assistant.receive('ask-about-page')).toBeUndefined();
    expect(page.assistant.receive({ type: 'run-task', task: { kind: 'prompt' } })).toBeUndefined();
    expect(
      await page.assistant.receive({ type: 'run-task', task: { kind: 'open-conversation', conversationId: 'c1' } }),
    ).toMatchObject({ ok: false });
    expect(page.card()).toBeUndefined();
  });
});

describe('the off switches', () => {
  it('shows nothing at all when the page assistant is off, and replies nothing', async () => {
    const page = await setup({ enabled: false });
    await page.select('text');
    expect(await page.assistant.receive({ type: 'ask-about-page' })).toBeUndefined();
    expect(
      await page.assistant.receive({
        type: 'run-task',
        task: { kind: 'prompt', label: 'x', quote: 'y', template: '{text}', summary: false },
      }),
    ).toBeUndefined();
    expect(document.querySelector(HOST_TAG)).toBeNull();
    expect(page.generation.requests).toHaveLength(0);
  });

  it('shows nothing on a blocked site or its subdomains', async () => {
    for (const hostname of ['example.com', 'news.example.com']) {
      const page = await setup({ blockedSites: ['example.com'] }, { hostname });
      await page.select('text');
      expect(await page.assistant.receive({ type: 'ask-about-page' })).toBeUndefined();
      expect(document.querySelector(HOST_TAG)).toBeNull();
      page.assistant.destroy();
    }
    const other = await setup({ blockedSites: ['example.com'] }, { hostname: 'notexample.com' });
    await other.select('text');
    expect(other.toolbarShown()).toBe(true);
  });

  it('applies settings changes live', async () => {
    const page = await setup();
    await page.select('text');
    page.settings.change({ quickActions: [{ id: 'haiku', label: 'Haiku', prompt: 'A haiku: {text}', hidden: false }] });
    expect([...page.toolbar()!.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      'Haiku',
      ASK_LABEL,
    ]);
    page.settings.change({ pageAssistant: { ...page.settings.current.pageAssistant, showToolbar: false } });
    expect(page.toolbarShown()).toBe(false);
    await page.select('text');
    expect(page.toolbarShown()).toBe(false);

    await page.assistant.receive({ type: 'ask-about-page' });
    expect(page.card()).toBeDefined();
    page.settings.change({ pageAssistant: { ...page.settings.current.pageAssistant, enabled: false } });
    expect(page.card()).toBeUndefined();
  });

  it('“Don’t show on this site” blocks this host and hides everything', async () => {
    const page = await setup({ blockedSites: ['other.org'] });
    await page.select('text');
    userClick(page.button(page.toolbar(), 'Summarize'));
    await settle();
    userClick(page.button(page.card(), MENU_BUTTON_LABEL));
    userClick(page.button(page.card(), BLOCK_SITE_LABEL));
    await settle();
    expect(page.settings.saved.at(-1)?.pageAssistant.blockedSites).toEqual(['other.org', 'news.example.com']);
    expect(page.card()).toBeUndefined();
    expect(page.generation.last().cancelled).toBe(true);
    await page.select('text');
    expect(page.toolbarShown()).toBe(false);
  });

  it('“Hide the toolbar everywhere” turns the toolbar off and keeps the card', async () => {
    const page = await setup();
    await page.select('text');
    userClick(page.button(page.toolbar(), 'Explain'));
    await settle();
    userClick(page.button(page.card(), MENU_BUTTON_LABEL));
    userClick(page.button(page.card(), HIDE_TOOLBAR_LABEL));
    await settle();
    expect(page.settings.saved.at(-1)?.pageAssistant).toMatchObject({ enabled: true, showToolbar: false });
    expect(page.card()).toBeDefined();
    await page.select('text');
    expect(page.toolbarShown()).toBe(false);
  });
});

describe('what the page can see', () => {
  it('puts its UI in a closed shadow root on a host that resets the page’s styles', () => {
    const host = createShadowHost(document, '.x{}');
    host.attach();
    const element = document.querySelector(HOST_TAG) as HTMLElement;
    expect(element.parentNode).toBe(document.documentElement);
    expect(element.shadowRoot).toBeNull();
    const style = element.getAttribute('style')!;
    expect(style).toContain('all: initial !important');
    expect(style).toContain('z-index: 2147483647 !important');
    expect(style).toContain('position: fixed !important');
    host.remove();
  });

  it('adds no globals and keeps nothing on the host', async () => {
    const before = new Set(Object.getOwnPropertyNames(window));
    const page = await setup();
    await page.select('text');
    userClick(page.button(page.toolbar(), 'Explain'));
    await settle();
    expect(Object.getOwnPropertyNames(window).filter((name) => !before.has(name))).toEqual([]);
    const host = document.querySelector(HOST_TAG)!;
    expect(Object.getOwnPropertyNames(host)).toEqual([]);
  });

  it('keeps its keys and clicks from the page’s listeners', async () => {
    const page = await setup();
    await page.assistant.receive({ type: 'ask-about-page' });
    const seen: string[] = [];
    document.addEventListener('keydown', (event) => seen.push(event.type));
    document.addEventListener('click', (event) => seen.push(event.type));
    userKey(page.card()!.querySelector('input')!, 'k');
    userClick(page.button(page.card(), MENU_BUTTON_LABEL));
    expect(seen).toEqual([]);
  });

  it('takes everything off the page when the content script is stopped', async () => {
    const page = await setup();
    await page.select('text');
    page.assistant.destroy();
    expect(document.querySelector(HOST_TAG)).toBeNull();
    await page.select('text');
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });
});

describe('scrolling', () => {
  it('moves the toolbar with its selection, and hides it when the selection is scrolled out of view', async () => {
    const page = await setup();
    await page.select('text');
    const where = { top: 300 };
    const original = Range.prototype.getBoundingClientRect;
    Range.prototype.getBoundingClientRect = () =>
      ({
        left: 100,
        top: where.top,
        width: 200,
        height: 20,
        right: 300,
        bottom: where.top + 20,
        x: 100,
        y: where.top,
        toJSON() {},
      }) as DOMRect;
    try {
      document.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(page.toolbarShown()).toBe(true);
      expect(page.toolbar()!.style.bottom).toBe(`${window.innerHeight - 300 + 8}px`);
      where.top = -400;
      document.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(page.toolbarShown()).toBe(false);
    } finally {
      Range.prototype.getBoundingClientRect = original;
    }
  });
});

describe('selecting with the keyboard', () => {
  it('shows the toolbar after Shift+arrow selections, not after other keys', async () => {
    const page = await setup();
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text')!);
    document.getSelection()!.addRange(range);
    document.body.dispatchEvent(trusted(new KeyboardEvent('keyup', { key: 'c', ctrlKey: true, bubbles: true })));
    await settle();
    expect(page.toolbarShown()).toBe(false);
    document.body.dispatchEvent(
      trusted(new KeyboardEvent('keyup', { key: 'ArrowRight', shiftKey: true, bubbles: true })),
    );
    await settle();
    expect(page.toolbarShown()).toBe(true);
  });
});
