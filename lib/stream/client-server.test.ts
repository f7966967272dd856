import { describe, expect, it, vi } from 'vitest';
import { EnginePicker } from '../engines/picker';
import { InklingError } from '../contracts/errors';
import {
  createPortPair,
  DISCONNECTED_PORT_MESSAGE,
  ScriptedEngine,
  sleep,
  type MemoryPort,
  type ScriptStep,
} from '../../tests/unit/memory-port';
import { createClient } from './client';
import { parseServerMessage, type ServerMessage } from '../contracts/protocol';
import type { EngineStatus } from '../contracts/engine';
import { createStreamServer } from './server';

const SENDER = { id: 'inkling-test', url: 'chrome-extension://inkling-test/sidepanel.html' };

/** A server over `engines`, and clients that reach it through in-memory ports. */
function setup(engines: ScriptedEngine | ScriptedEngine[]) {
  const picker = new EnginePicker(Array.isArray(engines) ? engines : [engines]);
  const busy: boolean[] = [];
  const server = createStreamServer({ picker, onBusyChange: (isBusy) => busy.push(isBusy) });
  const pairs: { client: MemoryPort; server: MemoryPort }[] = [];
  const open = () => {
    const pair = createPortPair({ sender: SENDER });
    server.connect(pair.server, 'extension-page');
    pairs.push(pair);
    return pair;
  };
  const newClient = () => createClient(() => open().client);
  return { picker, server, busy, pairs, open, newClient, client: newClient() };
}

/** Fails instead of hanging when `promise` does not settle in time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The InklingError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<InklingError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InklingError);
    return error as InklingError;
  }
  throw new Error('expected a rejection');
}

/** Reads the whole stream; the error it throws, if any, comes back instead of being thrown. */
async function drain(stream: AsyncIterable<string>): Promise<{ deltas: string[]; error?: unknown }> {
  const deltas: string[] = [];
  try {
    for await (const text of stream) deltas.push(text);
  } catch (error) {
    return { deltas, error };
  }
  return { deltas };
}

/** What the server sent to a raw port, each checked against the protocol. */
function serverMessages(port: MemoryPort): ServerMessage[] {
  return port.received.map((data) => {
    const parsed = parseServerMessage(data);
    if (!parsed.ok) throw new Error(`the server sent an invalid message: ${parsed.error} (${JSON.stringify(data)})`);
    return parsed.message;
  });
}

async function waitForMessage(
  port: MemoryPort,
  predicate: (message: ServerMessage) => boolean,
  timeout = 1000,
): Promise<ServerMessage> {
  return vi.waitFor(
    () => {
      const found = serverMessages(port).find(predicate);
      if (!found) throw new Error('no such message yet');
      return found;
    },
    { timeout, interval: 1 },
  );
}

const startMessage = (id: string, content = 'Hello', options: Record<string, unknown> = {}) => ({
  type: 'start',
  id,
  messages: [{ role: 'user', content }],
  options,
});

const slowScript = (count: number, delayMs: number): ScriptStep[] =>
  Array.from({ length: count }, (_, index) => ({ delta: `d${index} `, delayMs }));

describe('memory ports', () => {
  it('deliver a clone of each message later, in order, to the other side only', async () => {
    const { client, server } = createPortPair();
    const atServer: unknown[] = [];
    const atClient: unknown[] = [];
    server.onMessage.addListener((message) => atServer.push(message));
    client.onMessage.addListener((message) => atClient.push(message));
    const message = { n: 1, nested: { list: [1, 2] } };
    client.postMessage(message);
    client.postMessage({ n: 2 });
    message.nested.list.push(3);
    expect(atServer).toEqual([]);
    await sleep(5);
    expect(atServer).toEqual([{ n: 1, nested: { list: [1, 2] } }, { n: 2 }]);
    expect(atServer[0]).not.toBe(message);
    expect(atClient).toEqual([]);
  });

  it('fire only the other side’s onDisconnect, and throw when used afterwards', async () => {
    const { client, server } = createPortPair();
    const clientDisconnects = vi.fn();
    const serverDisconnects = vi.fn();
    client.onDisconnect.addListener(clientDisconnects);
    server.onDisconnect.addListener(serverDisconnects);
    client.disconnect();
    await sleep(5);
    expect(serverDisconnects).toHaveBeenCalledTimes(1);
    expect(clientDisconnects).not.toHaveBeenCalled();
    expect(() => server.postMessage('x')).toThrow(DISCONNECTED_PORT_MESSAGE);
    expect(() => client.postMessage('x')).toThrow(DISCONNECTED_PORT_MESSAGE);
  });
});

describe('client and server', () => {
  it('streams the deltas in order; they join to the result text, with metrics', async () => {
    const script = ['The ', 'quick ', 'brown ', 'fox.'].map((delta) => ({ delta, delayMs: 3 }));
    const engine = new ScriptedEngine({
      label: 'Scripted Nano',
      model: 'nano-test',
      script,
      finish: { finishReason: 'stop', inputTokens: 5, outputTokens: 6 },
    });
    const { client, busy } = setup(engine);

    const handle = await client.generateStream('Tell me about the fox', {
      systemPrompt: 'Be brief.',
      conversationId: 'conv-1',
      temperature: 0.5,
      topK: 3,
      deltaIntervalMs: 0,
    });
    const { deltas, error } = await within(drain(handle.stream), 2000, 'the stream');
    expect(error).toBeUndefined();
    expect(deltas).toEqual(['The ', 'quick ', 'brown ', 'fox.']);

    const result = await within(handle.result, 1000, 'the result');
    expect(result.text).toBe(deltas.join(''));
    expect(result).toMatchObject({
      finishReason: 'stop',
      engine: 'builtin',
      engineLabel: 'Scripted Nano',
      model: 'nano-test',
      inputTokens: 5,
      tokensUsed: 6,
      tokensEstimated: false,
    });
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs!);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(result.tokensPerSecond)).toBe(true);

    // The engine got the conversation and the sampling options, without the transport's own.
    const [request] = engine.streams.map((record) => record.request);
    expect(request?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Tell me about the fox' },
    ]);
    expect(request?.conversationId).toBe('conv-1');
    expect(request?.options).toEqual({ temperature: 0.5, topK: 3 });
    expect(busy).toEqual([true, false]);
  });

  it('estimates the token count when the engine gives none', async () => {
    const engine = new ScriptedEngine({ script: ['abcd', 'efgh', 'ij'] });
    const { client } = setup(engine);
    const handle = await client.generateStream('Hi');
    const result = await within(handle.result, 1000, 'the result');
    expect(result.text).toBe('abcdefghij');
    expect(result.tokensUsed).toBe(3);
    expect(result.tokensEstimated).toBe(true);
    expect(result.inputTokens).toBeUndefined();
  });

  it('coalesces a fast engine’s deltas without losing text', async () => {
    const script = Array.from({ length: 200 }, (_, index) => `${index},`);
    const engine = new ScriptedEngine({ script });
    const { client, pairs } = setup(engine);
    const handle = await client.generateStream('Count');
    const { deltas } = await within(drain(handle.stream), 2000, 'the stream');
    const result = await handle.result;
    expect(deltas.join('')).toBe(script.join(''));
    expect(result.text).toBe(script.join(''));
    const deltaMessages = pairs[0]!.client.received.filter((message) => (message as ServerMessage).type === 'delta');
    expect(deltaMessages.length).toBeLessThan(script.length);
  });

  it('sends on an engine’s deltas as they come when its host gathered them already', async () => {
    const script = Array.from({ length: 50 }, (_, index) => `${index},`);
    const engine = new ScriptedEngine({ script, gathersDeltas: true });
    const { client } = setup(engine);
    const handle = await client.generateStream('Count');
    const { deltas } = await within(drain(handle.stream), 2000, 'the stream');
    expect(deltas).toEqual(script);
    expect(engine.streams[0]!.request.deltaIntervalMs).toBe(16);
  });

  it('times the first token from the surface’s call too, which holds the background’s figure', async () => {
    const engine = new ScriptedEngine({ availabilityDelayMs: 5, script: [{ delta: 'now', delayMs: 5 }] });
    const { client } = setup(engine);
    const result = await (await client.generateStream('Hi')).result;
    expect(result.clientTimeToFirstTokenMs).toBeGreaterThanOrEqual(result.timeToFirstTokenMs!);
  });

  it('an empty answer has no time to first token and no tokens', async () => {
    const engine = new ScriptedEngine({ script: [] });
    const { client } = setup(engine);
    const handle = await client.generateStream('Say nothing');
    expect(await drain(handle.stream)).toEqual({ deltas: [] });
    const result = await handle.result;
    expect(result).toMatchObject({ text: '', finishReason: 'stop', tokensUsed: 0, tokensPerSecond: 0 });
    expect(result.timeToFirstTokenMs).toBeUndefined();
    expect(result.clientTimeToFirstTokenMs).toBeUndefined();
  });

  it('passes on the finish reason and the notice of the engine', async () => {
    const engine = new ScriptedEngine({
      script: ['cut'],
      finish: { finishReason: 'length', notice: 'Older turns were forgotten.' },
    });
    const { client } = setup(engine);
    const result = await (await client.generateStream('Hi')).result;
    expect(result.finishReason).toBe('length');
    expect(result.notice).toBe('Older turns were forgotten.');
  });

  it('break out of for await cancels the generation; result resolves as cancelled', async () => {
    const engine = new ScriptedEngine({ script: slowScript(50, 5) });
    const { client, busy } = setup(engine);
    const handle = await client.generateStream('Go on', { deltaIntervalMs: 0 });
    const seen: string[] = [];
    for await (const text of handle.stream) {
      seen.push(text);
      break;
    }
    expect(seen).toEqual(['d0 ']);
    await within(engine.whenAborted(), 1000, 'the engine’s abort');
    expect(engine.streams[0]!.aborted).toBe(true);
    const result = await within(handle.result, 1000, 'the result');
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('d0 ');
    expect(engine.streams[0]!.yielded.length).toBeLessThan(50);
    await vi.waitFor(() => expect(busy).toEqual([true, false]), { timeout: 1000, interval: 1 });
  });

  it('cancel() ends the stream with no delta after it', async () => {
    const engine = new ScriptedEngine({ script: slowScript(50, 3) });
    const { client } = setup(engine);
    const handle = await client.generateStream('Go on', { deltaIntervalMs: 0 });
    const seen: string[] = [];
    for await (const text of handle.stream) {
      seen.push(text);
      if (seen.length === 2) handle.cancel();
    }
    expect(seen).toEqual(['d0 ', 'd1 ']);
    const result = await within(handle.result, 1000, 'the result');
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('d0 d1 ');
    await within(engine.whenAborted(), 1000, 'the engine’s abort');
    // Cancelling again, or after the end, changes nothing.
    handle.cancel();
    expect(await handle.result).toBe(result);
  });

  it('cancel() right after the start still resolves the result as cancelled', async () => {
    // The engines are asked (slowly) which can run while the cancel arrives.
    const engine = new ScriptedEngine({ availabilityDelayMs: 20, script: slowScript(5, 2) });
    const { client } = setup(engine);
    const handle = await client.generateStream('Hi');
    handle.cancel();
    expect(await within(drain(handle.stream), 500, 'the stream')).toEqual({ deltas: [] });
    const result = await within(
      handle.result,
      500,
      'the result of a request cancelled while the engine was being picked',
    );
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('');
  });

  it('cancel() right after the start, with the engine already picked, resolves as cancelled', async () => {
    const engine = new ScriptedEngine({ script: slowScript(5, 2) });
    const { client } = setup(engine);
    await (await client.generateStream('Warm up')).result;
    const handle = await client.generateStream('Hi');
    handle.cancel();
    expect(await within(drain(handle.stream), 500, 'the stream')).toEqual({ deltas: [] });
    const result = await within(handle.result, 500, 'the result');
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('');
  });

  it('options.signal abort cancels the generation', async () => {
    const engine = new ScriptedEngine({ script: slowScript(50, 3) });
    const { client } = setup(engine);
    const controller = new AbortController();
    const handle = await client.generateStream('Go on', { deltaIntervalMs: 0, signal: controller.signal });
    const seen: string[] = [];
    for await (const text of handle.stream) {
      seen.push(text);
      if (seen.length === 1) controller.abort();
    }
    expect(seen).toEqual(['d0 ']);
    await within(engine.whenAborted(), 1000, 'the engine’s abort');
    const result = await within(handle.result, 1000, 'the result');
    expect(result.finishReason).toBe('cancelled');
    expect(result.text).toBe('d0 ');
  });

  it('an already aborted signal refuses to start', async () => {
    const engine = new ScriptedEngine();
    const { client, pairs } = setup(engine);
    const controller = new AbortController();
    controller.abort();
    await expect(client.generateStream('Hi', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(pairs).toHaveLength(0);
    expect(engine.streams).toHaveLength(0);
  });

  it('an engine error rejects result and throws from the iterator with the same code', async () => {
    const engine = new ScriptedEngine({
      script: [
        'partial ',
        { delta: 'answer', delayMs: 2 },
        { error: new InklingError('output-filtered', 'The answer was filtered.'), delayMs: 2 },
      ],
    });
    const { client, busy } = setup(engine);
    const handle = await client.generateStream('Say something bad', { deltaIntervalMs: 0 });
    const { deltas, error } = await within(drain(handle.stream), 1000, 'the stream');
    expect(deltas.join('')).toBe('partial answer');
    expect(error).toBeInstanceOf(InklingError);
    expect((error as InklingError).code).toBe('output-filtered');
    const failure = await rejection(handle.result);
    expect(failure.code).toBe('output-filtered');
    expect(failure.message).toBe('The answer was filtered.');
    await vi.waitFor(() => expect(busy).toEqual([true, false]), { timeout: 1000, interval: 1 });
  });

  it('a plain engine error becomes engine-failed, naming the engine', async () => {
    const engine = new ScriptedEngine({
      label: 'Scripted Nano',
      script: ['a', { error: new Error('GPU lost'), delayMs: 1 }],
    });
    const { client } = setup(engine);
    const handle = await client.generateStream('Hi');
    const [failure, { error }] = await Promise.all([rejection(handle.result), drain(handle.stream)]);
    expect(failure.code).toBe('engine-failed');
    expect(failure.message).toBe('Scripted Nano failed: GPU lost');
    expect((error as InklingError).code).toBe('engine-failed');
  });

  it('keeps two requests in flight on one port apart by id', async () => {
    const engine = new ScriptedEngine({
      script: (request) => {
        const name = request.messages.at(-1)!.content;
        return [1, 2, 3, 4].map((n) => ({ delta: `${name}${n} `, delayMs: name === 'A' ? 3 : 2 }));
      },
    });
    const { client, pairs, busy } = setup(engine);
    const first = await client.generateStream('A', { deltaIntervalMs: 0 });
    const second = await client.generateStream('B', { deltaIntervalMs: 0 });
    const [a, b] = await within(Promise.all([drain(first.stream), drain(second.stream)]), 2000, 'both streams');
    expect(a.deltas).toEqual(['A1 ', 'A2 ', 'A3 ', 'A4 ']);
    expect(b.deltas).toEqual(['B1 ', 'B2 ', 'B3 ', 'B4 ']);
    expect((await first.result).text).toBe('A1 A2 A3 A4 ');
    expect((await second.result).text).toBe('B1 B2 B3 B4 ');
    expect(pairs).toHaveLength(1);
    expect(engine.streams).toHaveLength(2);
    // Busy from the first start to the last end, told once each.
    expect(busy).toEqual([true, false]);
  });

  it('cancelling one of two requests leaves the other running', async () => {
    const engine = new ScriptedEngine({ script: slowScript(6, 3) });
    const { client } = setup(engine);
    const first = await client.generateStream('A', { deltaIntervalMs: 0 });
    const second = await client.generateStream('B', { deltaIntervalMs: 0 });
    first.cancel();
    const [one, two] = await within(Promise.all([first.result, second.result]), 2000, 'both results');
    expect(one.finishReason).toBe('cancelled');
    expect(two.finishReason).toBe('stop');
    expect(two.text).toBe('d0 d1 d2 d3 d4 d5 ');
  });

  it('answers a bad message sent raw on the port with a bad-request error, and keeps working', async () => {
    const engine = new ScriptedEngine({ script: ['ok'] });
    const { open } = setup(engine);
    const { client: port } = open();

    port.postMessage({ type: 'start', id: 'bad-1', messages: [], options: {} });
    expect(await waitForMessage(port, (message) => message.type === 'error')).toEqual({
      type: 'error',
      id: 'bad-1',
      code: 'bad-request',
      message: 'messages: There is nothing to send.',
    });

    for (const bad of [null, 'hello', 42, { type: 'nope' }]) port.postMessage(bad);
    await vi.waitFor(() => expect(serverMessages(port).filter((message) => message.type === 'error')).toHaveLength(5), {
      timeout: 1000,
      interval: 1,
    });
    for (const message of serverMessages(port).slice(1)) {
      expect(message).toMatchObject({ type: 'error', code: 'bad-request' });
      expect(message).not.toHaveProperty('id');
      expect((message as { message: string }).message.length).toBeGreaterThan(0);
    }

    port.postMessage(startMessage('good-1'));
    const done = await waitForMessage(port, (message) => message.type === 'done');
    expect(done).toMatchObject({ type: 'done', id: 'good-1', result: { text: 'ok', finishReason: 'stop' } });
    expect(engine.streams).toHaveLength(1);
  });

  it('tells the client’s onError of a bad-request error that belongs to no request', async () => {
    const { client, pairs } = setup(new ScriptedEngine());
    const errors: InklingError[] = [];
    client.onError((error) => errors.push(error));
    await (await client.generateStream('Hi')).result;
    pairs[0]!.client.postMessage({ type: 'bogus' });
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 1000, interval: 1 });
    expect(errors[0]!.code).toBe('bad-request');
  });

  it('refuses a duplicate id while the first request runs', async () => {
    const engine = new ScriptedEngine({ script: slowScript(4, 5) });
    const { open } = setup(engine);
    const { client: port } = open();
    port.postMessage(startMessage('dup', 'Hi', { deltaIntervalMs: 0 }));
    port.postMessage(startMessage('dup', 'Hi again', { deltaIntervalMs: 0 }));
    const refusal = await waitForMessage(port, (message) => message.type === 'error');
    expect(refusal).toMatchObject({ type: 'error', id: 'dup', code: 'bad-request' });
    expect((refusal as { message: string }).message).toContain('already running');
    const done = await waitForMessage(port, (message) => message.type === 'done');
    expect(done).toMatchObject({ id: 'dup', result: { text: 'd0 d1 d2 d3 ', finishReason: 'stop' } });
    expect(engine.streams).toHaveLength(1);
    expect(engine.streams[0]!.request.messages.at(-1)!.content).toBe('Hi');
    // Once it ended, the id may be used again.
    port.postMessage(startMessage('dup', 'Once more', { deltaIntervalMs: 0 }));
    await vi.waitFor(() => expect(serverMessages(port).filter((message) => message.type === 'done')).toHaveLength(2), {
      timeout: 1000,
      interval: 1,
    });
  });

  it('sends nothing for a request after its cancelled done, even when the engine ignores the abort', async () => {
    const engine = new ScriptedEngine({ script: slowScript(8, 3), honourSignal: false });
    const { open } = setup(engine);
    const { client: port } = open();
    port.postMessage(startMessage('r1', 'Hi', { deltaIntervalMs: 0 }));
    await waitForMessage(port, (message) => message.type === 'delta');
    port.postMessage({ type: 'cancel', id: 'r1' });
    const done = await waitForMessage(port, (message) => message.type === 'done');
    await vi.waitFor(() => expect(engine.streams[0]!.outcome).toBeDefined(), { timeout: 1000, interval: 1 });
    await sleep(5);
    const messages = serverMessages(port);
    // The done is the last message of all.
    expect(messages.findIndex((message) => message.type === 'done')).toBe(messages.length - 1);
    expect(messages.at(-1)).toEqual(done);
    expect(done).toMatchObject({ result: { finishReason: 'cancelled' } });
    const sentText = messages.flatMap((message) => (message.type === 'delta' ? [message.text] : [])).join('');
    expect((done as Extract<ServerMessage, { type: 'done' }>).result.text).toBe(sentText);
    expect(engine.streams[0]!.outcome).toBe('closed');
  });

  it('a cancel for an unknown id is ignored', async () => {
    const { open } = setup(new ScriptedEngine());
    const { client: port } = open();
    port.postMessage({ type: 'cancel', id: 'nobody' });
    port.postMessage({ type: 'status', refresh: false });
    await waitForMessage(port, (message) => message.type === 'engine-status');
    expect(serverMessages(port).map((message) => message.type)).toEqual(['engine-status']);
  });

  it('disconnecting the client port aborts the engine’s running generation', async () => {
    const engine = new ScriptedEngine({ script: slowScript(50, 5) });
    const { client, pairs, busy } = setup(engine);
    const handle = await client.generateStream('Go on', { deltaIntervalMs: 0 });
    const iterator = handle.stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 'd0 ' });
    pairs[0]!.client.disconnect();
    await within(engine.whenAborted(), 1000, 'the engine’s abort');
    expect(engine.streams[0]!.aborted).toBe(true);
    await vi.waitFor(() => expect(busy).toEqual([true, false]), { timeout: 1000, interval: 1 });
    await vi.waitFor(() => expect(engine.streams[0]!.outcome).toBeDefined(), { timeout: 1000, interval: 1 });
    expect(engine.streams[0]!.yielded.length).toBeLessThan(50);
  });

  it('a disconnect while the engine is being picked never starts the engine', async () => {
    const engine = new ScriptedEngine({ availabilityDelayMs: 20 });
    const { open, busy } = setup(engine);
    const { client: port } = open();
    port.postMessage(startMessage('r1'));
    await sleep(2);
    port.disconnect();
    await sleep(40);
    expect(engine.streams).toHaveLength(0);
    expect(busy).toEqual([]);
  });

  it('no-engine when every engine is unavailable; the message gives the reasons', async () => {
    const engines = [
      new ScriptedEngine({
        id: 'builtin',
        label: 'Gemini Nano',
        availability: { state: 'unavailable', reason: 'Chrome is too old.', remedy: 'Update Chrome.' },
      }),
      new ScriptedEngine({
        id: 'webllm',
        label: 'WebLLM',
        availability: { state: 'unavailable', reason: 'No WebGPU adapter.', remedy: 'Enable WebGPU.' },
      }),
    ];
    const { client } = setup(engines);
    const handle = await client.generateStream('Hi');
    const [failure, { error }] = await within(
      Promise.all([rejection(handle.result), drain(handle.stream)]),
      1000,
      'the refusal',
    );
    expect(failure.code).toBe('no-engine');
    expect(failure.message).toContain('Gemini Nano: Chrome is too old.');
    expect(failure.message).toContain('WebLLM: No WebGPU adapter.');
    expect((error as InklingError).code).toBe('no-engine');
    expect(engines.every((engine) => engine.streams.length === 0)).toBe(true);
  });

  it('uses the first engine that can run', async () => {
    const engines = [
      new ScriptedEngine({ id: 'builtin', availability: { state: 'unavailable', reason: 'No.', remedy: 'None.' } }),
      new ScriptedEngine({ id: 'webllm', label: 'WebLLM', model: 'llama', script: ['from webllm'] }),
      new ScriptedEngine({ id: 'cpu', script: ['from cpu'] }),
    ];
    const { client } = setup(engines);
    const result = await (await client.generateStream('Hi')).result;
    expect(result).toMatchObject({ engine: 'webllm', engineLabel: 'WebLLM', model: 'llama', text: 'from webllm' });
  });

  it('needs-download when the engine is downloadable', async () => {
    const engine = new ScriptedEngine({
      label: 'Gemini Nano',
      availability: { state: 'downloadable', detail: 'About 2 GB.' },
    });
    const { client } = setup(engine);
    const handle = await client.generateStream('Hi');
    const failure = await within(rejection(handle.result), 1000, 'the refusal');
    expect(failure.code).toBe('needs-download');
    expect(failure.message).toContain('Gemini Nano');
    expect(failure.message).toContain('About 2 GB.');
    expect(engine.streams).toHaveLength(0);
  });

  it('needs-download while the engine is downloading', async () => {
    const engine = new ScriptedEngine({
      label: 'Gemini Nano',
      availability: { state: 'downloading', detail: 'Chrome is downloading.' },
    });
    const { client } = setup(engine);
    const failure = await within(rejection((await client.generateStream('Hi')).result), 1000, 'the refusal');
    expect(failure.code).toBe('needs-download');
    expect(failure.message).toContain('still downloading');
  });

  it('answers status with an engine-status', async () => {
    const engine = new ScriptedEngine({ label: 'Gemini Nano', model: 'nano' });
    const { client } = setup(engine);
    const statuses: EngineStatus[] = [];
    client.onStatus((status) => statuses.push(status));
    await vi.waitFor(() => expect(statuses).toHaveLength(1), { timeout: 1000, interval: 1 });
    expect(statuses[0]).toEqual({
      active: { id: 'builtin', label: 'Gemini Nano', model: 'nano' },
      engines: [{ id: 'builtin', label: 'Gemini Nano', model: 'nano', availability: { state: 'available' } }],
    });

    // A refresh asks the engines again.
    engine.setAvailability({ state: 'unavailable', reason: 'Gone.', remedy: 'Restart.' });
    client.refreshStatus();
    await vi.waitFor(() => expect(statuses).toHaveLength(2), { timeout: 1000, interval: 1 });
    expect(statuses[1]!.active).toBeUndefined();
    expect(statuses[1]!.engines[0]!.availability).toEqual({
      state: 'unavailable',
      reason: 'Gone.',
      remedy: 'Restart.',
    });
  });

  it('prepare broadcasts the progress to every surface, then a status', async () => {
    const engine = new ScriptedEngine({
      label: 'Gemini Nano',
      availability: { state: 'downloadable', detail: 'About 2 GB.' },
      prepare: async (onProgress, signal) => {
        await sleep(5, signal);
        onProgress({ progress: 0.5, phase: 'Downloading Gemini Nano' });
        await sleep(20, signal);
        engine.setAvailability({ state: 'available' });
        onProgress({ progress: 1, phase: 'Downloading Gemini Nano' });
        await sleep(5, signal);
      },
    });
    const { client, newClient, busy } = setup(engine);
    const other = newClient();
    const statuses: EngineStatus[] = [];
    const otherStatuses: EngineStatus[] = [];
    client.onStatus((status) => statuses.push(status));
    other.onStatus((status) => otherStatuses.push(status));
    await vi.waitFor(() => expect([statuses.length, otherStatuses.length]).toEqual([1, 1]), {
      timeout: 1000,
      interval: 1,
    });
    expect(statuses[0]!.engines[0]!.availability.state).toBe('downloadable');

    client.prepare();
    await vi.waitFor(() => expect(busy).toEqual([true, false]), { timeout: 1000, interval: 1 });
    await vi.waitFor(() => expect(otherStatuses.at(-1)!.preparing).toBeUndefined(), { timeout: 1000, interval: 1 });
    for (const seen of [statuses, otherStatuses]) {
      expect(
        seen.some(
          (status) => status.preparing?.progress === 0.5 && status.preparing.phase === 'Downloading Gemini Nano',
        ),
      ).toBe(true);
      const last = seen.at(-1)!;
      expect(last.preparing).toBeUndefined();
      expect(last.active?.id).toBe('builtin');
      expect(last.engines[0]!.availability).toEqual({ state: 'available' });
    }
    expect(engine.prepareCalls).toBe(1);

    // Now it answers.
    const result = await (await client.generateStream('Hi')).result;
    expect(result.finishReason).toBe('stop');
  });

  it('a request during prepare is refused with needs-download, saying how far the download is', async () => {
    let finishDownload!: () => void;
    const downloaded = new Promise<void>((resolve) => (finishDownload = resolve));
    const engine = new ScriptedEngine({
      label: 'Gemini Nano',
      availability: { state: 'downloadable', detail: 'About 2 GB.' },
      prepare: async (onProgress) => {
        onProgress({ progress: 0.5, phase: 'Downloading Gemini Nano' });
        await downloaded;
        engine.setAvailability({ state: 'available' });
      },
    });
    const { client } = setup(engine);
    const statuses: EngineStatus[] = [];
    client.onStatus((status) => statuses.push(status));
    client.prepare();
    await vi.waitFor(() => expect(statuses.some((status) => status.preparing?.progress === 0.5)).toBe(true), {
      timeout: 1000,
      interval: 1,
    });
    try {
      const refused = await within(rejection((await client.generateStream('Hi')).result), 1000, 'the refusal');
      expect(refused.code).toBe('needs-download');
      // Not "must be downloaded first: choose Download": the user already did.
      expect(refused.message).toBe('Gemini Nano is still downloading (50%). Send again when it is ready.');
      expect(engine.streams).toHaveLength(0);
    } finally {
      finishDownload();
    }
  });

  it('prepare with no engine that can run is told as no-engine', async () => {
    const engine = new ScriptedEngine({ availability: { state: 'unavailable', reason: 'No.', remedy: 'None.' } });
    const { client } = setup(engine);
    const errors: InklingError[] = [];
    client.onError((error) => errors.push(error));
    client.prepare();
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 1000, interval: 1 });
    expect(errors[0]!.code).toBe('no-engine');
    expect(engine.prepareCalls).toBe(0);
  });

  it('two prepares in a row start one download', async () => {
    // The engines are still being asked when both arrive.
    const engine = new ScriptedEngine({
      availabilityDelayMs: 10,
      availability: { state: 'downloadable', detail: '' },
      prepare: async (_onProgress, signal) => {
        await sleep(20, signal);
        engine.setAvailability({ state: 'available' });
      },
    });
    const { client, busy } = setup(engine);
    client.prepare();
    client.prepare();
    await vi.waitFor(() => expect(busy.at(-1)).toBe(false), { timeout: 1000, interval: 1 });
    await sleep(30);
    expect(engine.prepareCalls).toBe(1);
    expect(busy).toEqual([true, false]);
  });

  it('a failed prepare is told to every surface as engine-failed', async () => {
    const engine = new ScriptedEngine({
      label: 'Gemini Nano',
      availability: { state: 'downloadable', detail: '' },
      prepare: async () => {
        await sleep(2);
        throw new Error('disk full');
      },
    });
    const { client } = setup(engine);
    const errors: InklingError[] = [];
    client.onError((error) => errors.push(error));
    client.prepare();
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 1000, interval: 1 });
    expect(errors[0]!.code).toBe('engine-failed');
    expect(errors[0]!.message).toBe('Gemini Nano could not be prepared: disk full');
  });

  it('cancel-prepare stops the download without an error', async () => {
    let aborted = false;
    const engine = new ScriptedEngine({
      availability: { state: 'downloadable', detail: '' },
      prepare: async (_onProgress, signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        await sleep(1000, signal);
      },
    });
    const { client, busy } = setup(engine);
    const errors: InklingError[] = [];
    client.onError((error) => errors.push(error));
    client.prepare();
    await vi.waitFor(() => expect(busy).toEqual([true]), { timeout: 1000, interval: 1 });
    client.cancelPrepare();
    await vi.waitFor(() => expect(busy).toEqual([true, false]), { timeout: 1000, interval: 1 });
    expect(aborted).toBe(true);
    expect(errors).toEqual([]);
  });

  it('generateStream rejects with bad-request for an empty input, before opening a port', async () => {
    const engine = new ScriptedEngine();
    const { client, pairs } = setup(engine);
    for (const input of ['', '   ']) {
      const failure = await rejection(client.generateStream(input));
      expect(failure.code).toBe('bad-request');
      expect(failure.message).toBe('The message is empty.');
    }
    expect((await rejection(client.generateStream([]))).code).toBe('bad-request');
    expect((await rejection(client.generateStream('Hi', { maxTokens: 0 }))).code).toBe('bad-request');
    expect((await rejection(client.generateStream('Hi', { language: 'not a code' }))).code).toBe('bad-request');
    expect(pairs).toHaveLength(0);
    expect(engine.streams).toHaveLength(0);
  });

  it('the result rejects with disconnected when the server side port disconnects mid-stream', async () => {
    const engine = new ScriptedEngine({ script: slowScript(10, 5) });
    const { client, pairs } = setup(engine);
    const handle = await client.generateStream('Go on', { deltaIntervalMs: 0 });
    const iterator = handle.stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 'd0 ' });
    pairs[0]!.server.disconnect();
    const failure = await within(rejection(handle.result), 1000, 'the result');
    expect(failure.code).toBe('disconnected');
    const { error } = await drain({ [Symbol.asyncIterator]: () => iterator });
    expect((error as InklingError).code).toBe('disconnected');

    // The next request opens a new port.
    const again = await client.generateStream('Hi', { deltaIntervalMs: 0 });
    expect((await within(again.result, 1000, 'the second result')).finishReason).toBe('stop');
    expect(pairs).toHaveLength(2);
  });

  it('a surface that listens for the status hears of a background that came back', async () => {
    const engine = new ScriptedEngine();
    const { client, pairs } = setup(engine);
    const statuses: EngineStatus[] = [];
    client.onStatus((status) => statuses.push(status));
    await vi.waitFor(() => expect(statuses).toHaveLength(1), { timeout: 1000, interval: 1 });
    pairs[0]!.server.disconnect();
    await vi.waitFor(() => expect(statuses).toHaveLength(2), { timeout: 2000, interval: 5 });
    expect(pairs).toHaveLength(2);
    expect(statuses[1]!.active?.id).toBe('builtin');
  });

  it('fails a request at once with disconnected when the background cannot be reached', async () => {
    const client = createClient(() => {
      throw new Error('Extension context invalidated.');
    });
    const handle = await client.generateStream('Hi');
    const failure = await rejection(handle.result);
    expect(failure.code).toBe('disconnected');
    expect((await drain(handle.stream)).error).toBe(failure);
  });

  it('time to first token includes the wait for the engine to be picked', async () => {
    // metrics.ts: "Time to first token runs from the request's arrival to the engine's first delta,
    // so it includes queueing and session set-up".
    const engine = new ScriptedEngine({ availabilityDelayMs: 60, script: ['now'] });
    const { client } = setup(engine);
    const result = await (await client.generateStream('Hi')).result;
    expect(result.timeToFirstTokenMs).toBeGreaterThanOrEqual(50);
    expect(result.latencyMs).toBeGreaterThanOrEqual(50);
  });
});
