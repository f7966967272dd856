// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FRAME_PORT_NAME, type FromFrame, type ToFrame } from '../contracts/page';
import { createPortPair } from '../../tests/unit/memory-port';
import { fakeGenerate, microtaskFrames, settle, userClick, userKey } from '../../tests/unit/page-assistant-harness';
import { fakeRunTask } from '../../tests/unit/fake-task-run';
import { ASK_PAGE_INPUT_LABEL } from './ask-box';
import { startCardFrame } from './card-frame';
import { CLOSE_LABEL, CONTINUE_LABEL } from './card-view';
import { openFramePort } from './frame-port';
import { BLOCK_SITE_LABEL, MENU_BUTTON_LABEL } from './menu';

const TASK = { kind: 'ask-text', question: 'What is it?', text: 'Tea is a drink.' } as const;

/** The card frame's document, with the background's end of its control port in the test's hands. */
function setup() {
  const pair = createPortPair({ name: FRAME_PORT_NAME, delivery: 'microtask' });
  const generation = fakeGenerate();
  const background = fakeRunTask(generation);
  const openPanel = vi.fn(async (_windowId: number) => {});
  const stop = startCardFrame(document, openFramePort(pair.client), {
    run: background.run,
    openPanel,
    generateOptions: () => ({}),
    ...microtaskFrames,
  });
  const toFrame = (message: ToFrame) => pair.server.postMessage(message);
  const fromFrame = () => pair.server.received as FromFrame[];
  const button = (name: string) =>
    [...document.querySelectorAll('button')].find(
      (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent) === name,
    )!;
  return { stop, toFrame, fromFrame, generation, openPanel, button };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the card frame', () => {
  it('streams the answer the background sends, within the room it is given', async () => {
    const { toFrame, generation } = setup();
    toFrame({ type: 'room', height: 300 });
    toFrame({ type: 'answer', title: 'Ask about the selection', task: TASK, windowId: 4 });
    await settle();
    generation.last().push('It is **hot**.');
    generation.last().finish();
    await settle();
    const card = document.querySelector<HTMLElement>('[role="dialog"]')!;
    expect(card.querySelector('.title')?.textContent).toBe('Ask about the selection');
    expect(card.querySelector('.answer')?.textContent).toBe('It is hot.');
    expect(card.style.maxHeight).toBe('300px');
    toFrame({ type: 'room', height: 200 });
    await settle();
    expect(card.style.maxHeight).toBe('200px');
  });

  it('a new message replaces the card; the old answer is let go', async () => {
    const { toFrame, generation } = setup();
    toFrame({ type: 'answer', title: 'First', task: TASK, windowId: 4 });
    await settle();
    const first = generation.last();
    toFrame({ type: 'ask', windowId: 4 });
    await settle();
    expect(first.cancelled).toBe(true);
    expect(document.querySelectorAll('[role="dialog"]')).toHaveLength(1);
    expect(document.querySelector('input')?.getAttribute('aria-label')).toBe(ASK_PAGE_INPUT_LABEL);
  });

  it('Close and Escape ask the background to close the frame', async () => {
    const { toFrame, fromFrame, button } = setup();
    toFrame({ type: 'answer', title: 'First', task: TASK, windowId: 4 });
    await settle();
    userKey(document.querySelector('[role="dialog"]')!, 'Escape');
    toFrame({ type: 'answer', title: 'Second', task: TASK, windowId: 4 });
    await settle();
    userClick(button(CLOSE_LABEL));
    await settle();
    expect(fromFrame().filter((message) => message.type === 'close')).toHaveLength(2);
  });

  it('opens the side panel in the click itself, then has the background carry the answer over', async () => {
    const { toFrame, fromFrame, generation, openPanel, button } = setup();
    toFrame({ type: 'answer', title: 'Ask', task: TASK, windowId: 4 });
    await settle();
    generation.last().push('It is hot.');
    generation.last().finish();
    await settle();
    userClick(button(CONTINUE_LABEL));
    expect(openPanel).toHaveBeenCalledWith(4);
    await settle();
    const request = fromFrame().find((message) => message.type === 'continue-in-panel');
    expect(request).toEqual({
      type: 'continue-in-panel',
      id: expect.any(Number),
      answerId: 'answer-1',
      shownChars: 'It is hot.'.length,
      panelOpened: true,
    });
    toFrame({ type: 'reply', id: (request as { id: number }).id, ok: true });
    await settle();
    expect(fromFrame().at(-1)).toEqual({ type: 'close' });
  });

  it('shows the background’s refusal of a menu choice in plain words', async () => {
    const { toFrame, fromFrame, button } = setup();
    toFrame({ type: 'answer', title: 'Ask', task: TASK, windowId: 4 });
    await settle();
    userClick(button(MENU_BUTTON_LABEL));
    userClick(button(BLOCK_SITE_LABEL));
    await settle();
    const request = fromFrame().find((message) => message.type === 'block-site') as { id: number };
    toFrame({ type: 'reply', id: request.id, ok: false, text: 'This page has no site name to block.' });
    await settle();
    expect(document.querySelector('[role="alert"]')?.textContent).toBe('This page has no site name to block.');
  });

  it('reports its size to the background when it changes', async () => {
    const observers: { callback: ResizeObserverCallback }[] = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(public callback: ResizeObserverCallback) {
          observers.push(this);
        }
        observe() {}
        disconnect() {}
      },
    );
    const { fromFrame } = setup();
    vi.spyOn(document.body, 'getBoundingClientRect').mockReturnValue({ width: 440, height: 212 } as DOMRect);
    observers[0]!.callback([], observers[0] as unknown as ResizeObserver);
    observers[0]!.callback([], observers[0] as unknown as ResizeObserver);
    await settle();
    expect(fromFrame()).toEqual([{ type: 'size', width: 440, height: 212 }]);
    vi.unstubAllGlobals();
  });
});
