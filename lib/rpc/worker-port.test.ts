import { describe, expect, it } from 'vitest';
import { workerPort, type MessageTarget } from './worker-port';

/** Both ends of a MessageChannel, as a page and its worker see each other. */
function channel(): [MessageTarget, MessageTarget] {
  const { port1, port2 } = new MessageChannel();
  return [port1 as never, port2 as never];
}

describe('workerPort', () => {
  it('carries messages both ways as structured clones', async () => {
    const [page, worker] = channel();
    const pagePort = workerPort(page, 'engines');
    const workerSide = workerPort(worker, 'engines');
    const atWorker = new Promise((resolve) => workerSide.onMessage.addListener(resolve));
    const sent = { type: 'stream', id: '1', request: { messages: [] } };
    pagePort.postMessage(sent);
    const received = await atWorker;
    expect(received).toEqual(sent);
    expect(received).not.toBe(sent);
    const atPage = new Promise((resolve) => pagePort.onMessage.addListener(resolve));
    workerSide.postMessage({ type: 'delta', id: '1', text: 'Hi' });
    expect(await atPage).toEqual({ type: 'delta', id: '1', text: 'Hi' });
    (page as unknown as MessagePort).close();
  });

  it('reports a worker that failed as a disconnect', () => {
    let fail = (_event: MessageEvent) => {};
    const target: MessageTarget = {
      postMessage() {},
      addEventListener(type, listener) {
        if (type === 'error') fail = listener;
      },
    };
    const port = workerPort(target, 'engines');
    let disconnected = false;
    port.onDisconnect.addListener(() => (disconnected = true));
    fail(new MessageEvent('error'));
    expect(disconnected).toBe(true);
  });
});
