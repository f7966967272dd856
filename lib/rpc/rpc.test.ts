import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { createPortPair, sleep, type MemoryPort } from '../../tests/unit/memory-port';
import { ERROR_CODES, InklingError } from '../contracts/errors';
import { openRpcClient } from './client';
import { serveRpc, type NoticeHandlers, type RequestHandlers } from './server';

// A small protocol of its own: the RPC knows nothing of Inkling's messages.
const Id = v.string();
const ToServer = v.variant('type', [
  v.object({ type: v.literal('count'), id: Id, to: v.number() }),
  v.object({ type: v.literal('fail'), id: Id, inkling: v.boolean() }),
  v.object({ type: v.literal('cancel'), id: Id }),
  v.object({ type: v.literal('hello'), name: v.string() }),
]);
const ToClient = v.variant('type', [
  v.object({ type: v.literal('tick'), id: Id, n: v.number() }),
  v.object({ type: v.literal('done'), id: Id, result: v.unknown() }),
  v.object({ type: v.literal('error'), id: v.optional(Id), code: v.picklist(ERROR_CODES), message: v.string() }),
  v.object({ type: v.literal('welcome'), name: v.string() }),
]);
type In = v.InferOutput<typeof ToServer>;
type Out = v.InferOutput<typeof ToClient>;
type Tick = { type: 'tick'; n: number };

function setup({ allows, stepMs = 2 }: { allows?: (message: In) => true | string; stepMs?: number } = {}) {
  const pair = createPortPair();
  const aborted: string[] = [];
  const hellos: string[] = [];
  const requests = {
    async count({ to }, { id, signal, emit }) {
      for (let n = 1; n <= to; n++) {
        if (signal.aborted) {
          aborted.push(id);
          return { counted: n - 1, cancelled: true };
        }
        emit({ type: 'tick', n });
        await sleep(stepMs);
      }
      return { counted: to };
    },
    async fail({ inkling }) {
      throw inkling ? new InklingError('input-too-large', 'Too long.') : new Error('GPU lost');
    },
  } satisfies Pick<RequestHandlers<In, Tick>, 'count' | 'fail'>;
  const notices = {
    hello: ({ name }) => {
      hellos.push(name);
      pair.server.postMessage({ type: 'welcome', name });
    },
  } satisfies Pick<NoticeHandlers<In>, 'hello'>;
  const disconnected = vi.fn();
  serveRpc<In, Tick>(pair.server, { schema: ToServer, requests, notices, allows, onDisconnect: disconnected });
  const noticed: Out[] = [];
  const errors: InklingError[] = [];
  const client = openRpcClient<In, Out>(pair.client, {
    schema: ToClient,
    peer: 'The test server',
    onNotice: (message) => noticed.push(message),
    onError: (error) => errors.push(error),
    lost: () => new InklingError('disconnected', 'Gone.'),
  });
  return { pair, client, aborted, hellos, noticed, errors, disconnected };
}

const terminals = (port: MemoryPort, id: string) =>
  port.sent.filter((message) => {
    const { type, id: of } = message as { type: string; id?: string };
    return of === id && (type === 'done' || type === 'error');
  });

describe('one RPC over a port', () => {
  it('streams a request’s events in order, then resolves with its result', async () => {
    const { client } = setup();
    const ticks: unknown[] = [];
    const call = client.request<unknown>({ type: 'count', to: 3 }, { onEvent: (event) => ticks.push(event) });
    expect(await call.result).toEqual({ counted: 3 });
    expect(ticks).toEqual([1, 2, 3].map((n) => ({ type: 'tick', id: call.id, n })));
    expect(client.pending).toBe(0);
  });

  it('keeps requests on one port apart by id', async () => {
    const { client } = setup();
    const seen: Record<string, number[]> = {};
    const calls = [2, 4].map((to) =>
      client.request(
        { type: 'count', to },
        {
          onEvent: (event) => {
            seen[to] ??= [];
            seen[to].push((event as Tick).n);
          },
        },
      ),
    );
    expect(await Promise.all(calls.map((call) => call.result))).toEqual([{ counted: 2 }, { counted: 4 }]);
    expect(seen).toEqual({ 2: [1, 2], 4: [1, 2, 3, 4] });
  });

  it('a failure crosses as one envelope: an InklingError keeps its code, anything else is engine-failed', async () => {
    const { client } = setup();
    await expect(client.request({ type: 'fail', inkling: true }).result).rejects.toMatchObject({
      name: 'InklingError',
      code: 'input-too-large',
      message: 'Too long.',
    });
    await expect(client.request({ type: 'fail', inkling: false }).result).rejects.toMatchObject({
      code: 'engine-failed',
      message: 'GPU lost',
    });
  });

  it('a cancel aborts the handler, whose result is still the one end', async () => {
    const { client, pair, aborted } = setup();
    const call = client.request({ type: 'count', to: 100 });
    await sleep(5);
    call.cancel();
    call.cancel();
    const result = (await call.result) as { counted: number; cancelled: boolean };
    expect(result.cancelled).toBe(true);
    expect(aborted).toEqual([call.id]);
    await sleep(10);
    expect(terminals(pair.server, call.id)).toHaveLength(1);
    // Nothing of the request follows its end.
    expect((pair.server.sent.at(-1) as { type: string }).type).toBe('done');
  });

  it('refuses a second request with a running id, and takes the id again once it ended', async () => {
    const { pair } = setup();
    const start = { type: 'count', id: 'same', to: 2 };
    pair.client.postMessage(start);
    pair.client.postMessage(start);
    await sleep(20);
    expect(terminals(pair.server, 'same')).toEqual([
      { type: 'error', id: 'same', code: 'bad-request', message: 'A request with id same is already running.' },
      { type: 'done', id: 'same', result: { counted: 2 } },
    ]);
    pair.client.postMessage(start);
    await sleep(20);
    expect(terminals(pair.server, 'same')).toHaveLength(3);
  });

  it('answers a message it cannot read with bad-request, keeping the id when there is one', async () => {
    const { pair } = setup();
    pair.client.postMessage({ type: 'count', id: 'x', to: 'many' });
    pair.client.postMessage({ type: 'nope' });
    await sleep(5);
    expect(pair.server.sent).toEqual([
      { type: 'error', id: 'x', code: 'bad-request', message: expect.stringContaining('to:') },
      { type: 'error', code: 'bad-request', message: expect.any(String) },
    ]);
  });

  it('refuses what the port may not send with not-allowed, requests and notices alike', async () => {
    const { client, errors, hellos } = setup({
      allows: (message) => (message.type === 'fail' || message.type === 'hello' ? `No “${message.type}” here.` : true),
    });
    await expect(client.request({ type: 'fail', inkling: true }).result).rejects.toMatchObject({ code: 'not-allowed' });
    client.notify({ type: 'hello', name: 'Ada' });
    await vi.waitFor(() => expect(errors).toHaveLength(1), { interval: 1 });
    expect(errors[0]).toMatchObject({ code: 'not-allowed', message: expect.stringContaining('hello') });
    expect(hellos).toEqual([]);
    expect(await client.request({ type: 'count', to: 1 }).result).toEqual({ counted: 1 });
  });

  it('passes notices both ways', async () => {
    const { client, hellos, noticed } = setup();
    client.notify({ type: 'hello', name: 'Ada' });
    await vi.waitFor(() => expect(noticed).toEqual([{ type: 'welcome', name: 'Ada' }]), { interval: 1 });
    expect(hellos).toEqual(['Ada']);
  });

  it('a client that goes away aborts its running handlers', async () => {
    const { client, pair, aborted, disconnected } = setup();
    const call = client.request({ type: 'count', to: 100 });
    await sleep(5);
    pair.client.disconnect();
    await vi.waitFor(() => expect(aborted).toEqual([call.id]), { interval: 1 });
    expect(disconnected).toHaveBeenCalledTimes(1);
  });

  it('a server that goes away fails the running requests, and later ones at once', async () => {
    const { client, pair } = setup();
    const call = client.request({ type: 'count', to: 100 });
    await sleep(5);
    pair.server.disconnect();
    await expect(call.result).rejects.toMatchObject({ code: 'disconnected', message: 'Gone.' });
    await expect(client.request({ type: 'count', to: 1 }).result).rejects.toMatchObject({ code: 'disconnected' });
    expect(client.pending).toBe(0);
  });

  it('checks a result against the schema the call gives', async () => {
    const { client } = setup();
    const counted = v.object({ counted: v.string() });
    await expect(client.request({ type: 'count', to: 1 }, { result: counted }).result).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('The test server sent a message Inkling does not understand: result'),
    });
  });
});
