// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FromContent, Reply, SiteAccess } from '../contracts/page';
import { settle, trusted } from '../../tests/unit/page-assistant-harness';
import { createPageHost, type PageHost } from './page-host';

const PAGE = `<p id="text">Tea is a drink made from the leaves of Camellia sinensis.</p>
  <textarea id="draft">My draft reply</textarea>`;

const running: PageHost[] = [];

/** The content script's part, with a background that answers as the real one does. */
function setup(access: SiteAccess = { assistant: true, toolbar: true }) {
  document.body.innerHTML = PAGE;
  const sent: FromContent[] = [];
  let names = 0;
  const replies: { cardFrame: Reply } = { cardFrame: { ok: true, value: undefined } };
  const host = createPageHost({
    doc: document,
    async send(message) {
      sent.push(message);
      if (message.type === 'site-access') return { ok: true, value: access };
      if (message.type === 'card-frame') return replies.cardFrame;
      return { ok: true, value: undefined };
    },
    frameUrl: (kind, name) => `about:blank#${kind}-${name}`,
    newName: () => String(++names).padStart(32, '0'),
    debounceMs: 0,
  });
  running.push(host);
  const frames = () => [...document.querySelectorAll('iframe')];
  const style = (frame: HTMLIFrameElement | undefined, property: string) => frame?.style.getPropertyValue(property);
  return {
    host,
    sent,
    replies,
    frames,
    style,
    setAccess: (next: SiteAccess) => (access = next),
    shown: (frame: HTMLIFrameElement | undefined) =>
      !!frame?.isConnected && style(frame, 'visibility') === 'visible' && style(frame, 'opacity') === '1',
    /** The user selects the element's text with the mouse. */
    async select(id: string) {
      const element = document.getElementById(id)!;
      const range = document.createRange();
      range.selectNodeContents(element);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      element.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true, button: 0 })));
      await settle();
    },
  };
}

afterEach(async () => {
  for (const host of running.splice(0)) host.destroy();
  // A frame the user was in leaves the page a moment after it is hidden.
  await new Promise((resolve) => setTimeout(resolve, 150));
  document.getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
});

describe('the page host', () => {
  it('adds nothing until the user selects text; then a plain frame, shown once it has said its size', async () => {
    const page = setup();
    await settle();
    expect(page.frames()).toEqual([]);
    expect(page.sent).toEqual([]);
    await page.select('text');
    expect(page.sent).toEqual([
      { type: 'site-access' },
      { type: 'toolbar-frame', frame: '1'.padStart(32, '0'), text: document.getElementById('text')!.textContent },
    ]);
    const [toolbar] = page.frames();
    // (happy-dom has no popovers; Chromium's frame also says popover="manual".)
    expect(toolbar?.getAttributeNames().sort()).toEqual(['allow', 'style', 'tabindex']);
    // Laid out but transparent and letting clicks through until the frame says how big it is.
    expect(page.style(toolbar, 'opacity')).toBe('0');
    expect(page.style(toolbar, 'pointer-events')).toBe('none');
    page.host.receive({ type: 'frame-size', frame: '1'.padStart(32, '0'), width: 300, height: 34 });
    expect(page.shown(toolbar)).toBe(true);
    expect(page.style(toolbar, 'width')).toBe('300px');
    expect(page.style(toolbar, 'height')).toBe('34px');
  });

  it('takes no page script’s events, no selection in a text field, and nothing where the toolbar is off', async () => {
    const page = setup();
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('text')!);
    document.getSelection()!.addRange(range);
    document.getElementById('text')!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    await settle();
    expect(page.sent).toEqual([]);
    await page.select('draft');
    expect(page.frames()).toEqual([]);

    page.host.destroy();
    const off = setup({ assistant: true, toolbar: false });
    await off.select('text');
    expect(off.sent).toEqual([{ type: 'site-access' }]);
    expect(off.frames()).toEqual([]);
  });

  it('opens the card beside the selection, no taller than the room there, and closes it with everything', async () => {
    const page = setup();
    await page.select('text');
    const reply = await page.host.receive({ type: 'open-card' });
    expect(reply).toEqual({ ok: true, value: undefined });
    const card = page.sent.find((message) => message.type === 'card-frame')!;
    expect(card).toMatchObject({ purpose: 'pending', room: expect.any(Number) });
    if (card.type !== 'card-frame') throw new Error('not a card');
    page.host.receive({ type: 'frame-size', frame: card.frame, width: 440, height: 100_000 });
    const cardFrame = page.frames().at(-1);
    expect(page.shown(cardFrame)).toBe(true);
    expect(page.style(cardFrame, 'height')).toBe(`${Math.ceil(card.room)}px`);

    page.host.receive({ type: 'close-frame', frame: card.frame });
    await vi.waitFor(() => expect(page.frames()).toEqual([]));
    // The selection the card was about is the page's again.
    expect(document.getSelection()?.toString()).toBe(document.getElementById('text')!.textContent);
  });

  it('the keyboard command opens the question box in the corner, and closes it when pressed again', async () => {
    const page = setup();
    await page.host.receive({ type: 'ask-about-page' });
    expect(page.sent.at(-1)).toMatchObject({ type: 'card-frame', purpose: 'ask-page' });
    expect(page.frames()).toHaveLength(1);
    await page.host.receive({ type: 'ask-about-page' });
    await vi.waitFor(() => expect(page.frames()).toEqual([]));
  });

  it('opens nothing where the assistant is off, or when the background has nothing for the card', async () => {
    const off = setup({ assistant: false, toolbar: false });
    expect(await off.host.receive({ type: 'ask-about-page' })).toMatchObject({ ok: false });
    expect(off.frames()).toEqual([]);
    off.host.destroy();
    const empty = setup();
    empty.replies.cardFrame = { ok: false, error: 'There is no answer to show.' };
    expect(await empty.host.receive({ type: 'open-card' })).toMatchObject({ ok: false });
    expect(empty.frames()).toEqual([]);
  });

  it('asks again when the settings change, and takes everything away when the site is now off', async () => {
    const page = setup();
    await page.host.receive({ type: 'ask-about-page' });
    expect(page.frames()).toHaveLength(1);
    page.setAccess({ assistant: false, toolbar: false });
    page.host.receive({ type: 'site-access-changed' });
    await vi.waitFor(() => expect(page.frames()).toEqual([]));
  });

  it('follows its selection on scroll, and hides when the selection is scrolled out of view', async () => {
    let top = 200;
    vi.spyOn(Range.prototype, 'getBoundingClientRect').mockImplementation(
      () => ({ left: 100, top, width: 200, height: 20, right: 300, bottom: top + 20 }) as DOMRect,
    );
    const page = setup();
    await page.select('text');
    page.host.receive({ type: 'frame-size', frame: '1'.padStart(32, '0'), width: 300, height: 34 });
    const [toolbar] = page.frames();
    // Above the selection, hanging from its bottom edge.
    const before = page.style(toolbar, 'bottom');
    top = 400;
    document.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(page.style(toolbar, 'bottom')).not.toBe(before));
    expect(page.shown(toolbar)).toBe(true);
    top = -500;
    window.dispatchEvent(new Event('resize'));
    await vi.waitFor(() => expect(page.shown(toolbar)).toBe(false));
    vi.restoreAllMocks();
  });

  it('takes everything off the page when the content script is stopped', async () => {
    const page = setup();
    await page.select('text');
    await page.host.receive({ type: 'open-card' });
    expect(page.frames()).toHaveLength(2);
    page.host.destroy();
    await vi.waitFor(() => expect(page.frames()).toEqual([]));
  });
});
