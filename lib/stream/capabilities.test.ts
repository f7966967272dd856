import { describe, expect, it, vi } from 'vitest';
import { EnginePicker } from '../engines/picker';
import { parseServerMessage, type ServerMessage } from '../contracts/protocol';
import { createPortPair, ScriptedEngine, type MemoryPort } from '../../tests/unit/memory-port';
import { senderRole, type SenderRole } from './capabilities';
import { createStreamServer } from './server';
import { chatRun, stubTaskService } from '../../tests/unit/task-service-stub';

const ORIGIN = 'chrome-extension://inkling-test/';
const PAGE = { id: 'inkling-test', url: `${ORIGIN}page-card.html#${'b'.repeat(32)}`, tab: { id: 7 } };
const PANEL_IN_TAB = { id: 'inkling-test', url: `${ORIGIN}sidepanel.html`, tab: { id: 3 } };

function setup(sender: MemoryPort['sender']) {
  const engine = new ScriptedEngine({
    availability: { state: 'downloadable', detail: '' },
    script: [{ delta: 'ok', delayMs: 30 }],
  });
  const panelReady = vi.fn(() => () => {});
  const update = vi.fn(async () => {});
  const server = createStreamServer({
    picker: new EnginePicker([engine]),
    tasks: { panelReady },
    answers: { update },
    taskService: stubTaskService(),
  });
  const pair = createPortPair({ sender });
  server.connect(pair.server, senderRole(pair.server, ORIGIN));
  const received = () =>
    pair.client.received.map((data) => (parseServerMessage(data) as { message: ServerMessage }).message);
  return { engine, panelReady, update, port: pair.client, received };
}

const start = (id: string, extra: object = {}) => ({
  type: 'start',
  id,
  messages: [{ role: 'user', content: 'Hi' }],
  options: {},
  ...extra,
});

describe('capabilities by sender', () => {
  it.each([
    [PAGE, 'page-frame'],
    [{ ...PAGE, url: `${ORIGIN}page-toolbar.html#${'c'.repeat(32)}` }, 'page-frame'],
    [{ ...PAGE, url: `${ORIGIN}page-card.html.evil` }, 'extension-page'],
    [PANEL_IN_TAB, 'extension-page'],
    [{ id: 'inkling-test', url: `${ORIGIN}options.html` }, 'extension-page'],
  ] as const)('tells the page’s frames from the other extension pages, in a tab or not', (sender, role: SenderRole) => {
    expect(senderRole(createPortPair({ sender }).server, ORIGIN)).toBe(role);
  });

  it('the page’s card is refused panel tasks, downloads and conversations, with not-allowed', async () => {
    const { engine, panelReady, update, port, received } = setup(PAGE);
    port.postMessage({ type: 'panel-ready', windowId: 1 });
    port.postMessage({ type: 'prepare' });
    port.postMessage({ type: 'cancel-prepare' });
    port.postMessage(chatRun('saving'));
    port.postMessage({ type: 'watch', id: 'watching', conversationId: 'c1' });
    await vi.waitFor(() => expect(received()).toHaveLength(5), { timeout: 1000, interval: 1 });
    expect(received().map((message) => message.type === 'error' && [message.id, message.code])).toEqual([
      [undefined, 'not-allowed'],
      [undefined, 'not-allowed'],
      [undefined, 'not-allowed'],
      ['saving', 'not-allowed'],
      ['watching', 'not-allowed'],
    ]);
    expect(received()[0]).toMatchObject({ message: 'Only Inkling’s own pages may send “panel-ready”.' });
    expect(received()[3]).toMatchObject({ message: 'Only Inkling’s own pages may write conversations.' });
    expect(panelReady).not.toHaveBeenCalled();
    expect(engine.prepareCalls).toBe(0);
    expect(engine.streams).toHaveLength(0);
    expect(update).not.toHaveBeenCalled();
  });

  it('the page’s card may ask for the status, and start and cancel its own requests', async () => {
    const { engine, port, received } = setup(PAGE);
    engine.setAvailability({ state: 'available' });
    port.postMessage({ type: 'status', refresh: false });
    port.postMessage(start('mine'));
    port.postMessage({ type: 'cancel', id: 'mine' });
    await vi.waitFor(() => expect(received().map((message) => message.type)).toContain('done'), { interval: 1 });
    expect(received().find((message) => message.type === 'engine-status')).toBeDefined();
    expect(received().find((message) => message.type === 'done')).toMatchObject({
      result: { finishReason: 'cancelled' },
    });
    expect(received().filter((message) => message.type === 'error')).toEqual([]);
  });

  it('an extension page in a tab may do all of it', async () => {
    const { engine, panelReady, update, port, received } = setup(PANEL_IN_TAB);
    port.postMessage({ type: 'panel-ready', windowId: 1 });
    port.postMessage({ type: 'prepare' });
    await vi.waitFor(() => expect(engine.prepareCalls).toBe(1), { interval: 1 });
    engine.setAvailability({ state: 'available' });
    await vi.waitFor(() =>
      expect(received().some((message) => message.type === 'engine-status' && !message.status.preparing)).toBe(true),
    );
    port.postMessage(chatRun('saving'));
    await vi.waitFor(() => expect(update).toHaveBeenCalled(), { interval: 1 });
    expect(panelReady).toHaveBeenCalledWith(1, expect.any(Function));
    expect(received().filter((message) => message.type === 'error')).toEqual([]);
  });
});
