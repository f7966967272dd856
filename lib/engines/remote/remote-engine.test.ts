import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/settings';
import { createPortPair, ScriptedEngine, type MemoryPort } from '../../../tests/unit/memory-port';
import type { ContextInfo } from '../../contracts/engine';
import { InklingError } from '../../contracts/errors';
import { serveEngines } from './host';
import { createHostClient } from './host-client';
import { HOST_PORT_NAME } from './protocol';
import { RemoteEngine } from './remote-engine';
import { DEFAULT_DELTA_INTERVAL_MS } from '../../rpc/coalescer';

/** The background's RemoteEngine talking to engines served in an "offscreen document" over memory ports. */
function setup(cpu: ScriptedEngine, { idleMinutes = 60, opening = Promise.resolve() } = {}) {
  const configured: Settings[] = [];
  let documents = 0;
  const hostPorts: MemoryPort[] = [];
  const host = createHostClient({
    async openDocument() {
      await opening;
      documents++;
      const pair = createPortPair({ name: HOST_PORT_NAME });
      hostPorts.push(pair.client);
      serveEngines(pair.client, {
        engines: { cpu, webllm: new ScriptedEngine({ id: 'webllm' }) },
        onConfigure: (settings) => configured.push(settings),
        idleMinutes: () => idleMinutes,
      });
      host.attach(pair.server);
      return;
    },
  });
  host.configure(DEFAULT_SETTINGS);
  return {
    host,
    engine: new RemoteEngine('cpu', 'CPU engine', host),
    configured,
    documents: () => documents,
    hostPorts,
  };
}

const live = () => new AbortController().signal;

const collect = async (generator: AsyncGenerator<string, unknown>) => {
  const deltas: string[] = [];
  for (let step = await generator.next(); ; step = await generator.next()) {
    if (step.done) return { deltas, finish: step.value };
    deltas.push(step.value);
  }
};

describe('RemoteEngine through the engine host', () => {
  it('opens the document on first use, sends the settings, and learns the model with the availability', async () => {
    const { engine, configured, documents } = setup(
      new ScriptedEngine({
        id: 'cpu',
        model: 'Tiny',
        availability: { state: 'downloadable', detail: 'Downloads Tiny once (1 MB).' },
      }),
    );
    expect(documents()).toBe(0);
    expect(await engine.availability({})).toEqual({ state: 'downloadable', detail: 'Downloads Tiny once (1 MB).' });
    expect(engine.model).toBe('Tiny');
    expect(documents()).toBe(1);
    expect(configured).toEqual([DEFAULT_SETTINGS]);
  });

  it('learns the hosted engine’s context with its availability and again after each answer', async () => {
    let context: ContextInfo = { contextWindow: 4096, charsPerToken: 1 };
    const cpu = new ScriptedEngine({ id: 'cpu', script: ['Hi'], context: () => context });
    const { engine } = setup(cpu);
    expect(engine.contextInfo()).toEqual({});
    await engine.availability({});
    expect(engine.contextInfo()).toEqual({ contextWindow: 4096, charsPerToken: 1 });
    context = { contextWindow: 4096, charsPerToken: 3.8 };
    await collect(engine.stream({ messages: [{ role: 'user', content: 'Hi' }], options: {}, signal: live() }));
    expect(engine.contextInfo()).toEqual({ contextWindow: 4096, charsPerToken: 3.8 });
  });

  it('streams each of the hosted engine’s deltas when asked to gather none, and returns its finish', async () => {
    const cpu = new ScriptedEngine({
      id: 'cpu',
      script: ['Once', ' upon', ' a time'],
      finish: { finishReason: 'length', outputTokens: 3 },
    });
    const { engine } = setup(cpu);
    const result = await collect(
      engine.stream({
        messages: [{ role: 'user', content: 'Hi' }],
        options: { maxTokens: 3 },
        deltaIntervalMs: 0,
        signal: new AbortController().signal,
      }),
    );
    expect(result).toEqual({
      deltas: ['Once', ' upon', ' a time'],
      finish: { finishReason: 'length', outputTokens: 3 },
    });
    expect(cpu.streams[0]!.request.options).toEqual({ maxTokens: 3 });
  });

  it('gathers a fast engine’s deltas at the host: the first goes alone, the rest in fewer messages', async () => {
    const script = Array.from({ length: 200 }, (_, index) => `${index},`);
    const { engine, hostPorts } = setup(new ScriptedEngine({ id: 'cpu', script }));
    const signal = new AbortController().signal;
    const result = await collect(
      engine.stream({ messages: [{ role: 'user', content: 'Count' }], options: {}, signal }),
    );
    expect(result.deltas.join('')).toBe(script.join(''));
    expect(result.deltas[0]).toBe('0,');
    const crossed = hostPorts[0]!.sent.filter((message) => (message as { type: string }).type === 'delta');
    expect(crossed.length).toBe(result.deltas.length);
    expect(crossed.length).toBeLessThan(script.length / 10);
  });

  it('sends on as they come the deltas of an engine that gathers its own, and tells it the interval', async () => {
    const script = Array.from({ length: 200 }, (_, index) => `${index},`);
    const cpu = new ScriptedEngine({ id: 'cpu', script, gathersDeltas: true });
    const { engine, hostPorts } = setup(cpu);
    const signal = new AbortController().signal;
    const result = await collect(
      engine.stream({ messages: [{ role: 'user', content: 'Count' }], options: {}, signal }),
    );
    expect(result.deltas).toEqual(script);
    const crossed = hostPorts[0]!.sent.filter((message) => (message as { type: string }).type === 'delta');
    expect(crossed.length).toBe(script.length);
    expect(cpu.streams[0]!.request.deltaIntervalMs).toBe(DEFAULT_DELTA_INTERVAL_MS);
  });

  it('a conversation’s chosen model reaches the hosted engine with the request', async () => {
    const cpu = new ScriptedEngine({ id: 'cpu', script: ['Hi'] });
    const { engine } = setup(cpu);
    const modelChoice = { name: 'Model One', url: 'http://127.0.0.1/one.gguf' };
    await collect(
      engine.stream({ messages: [{ role: 'user', content: 'Hi' }], options: {}, modelChoice, signal: live() }),
    );
    expect(cpu.streams[0]!.request.modelChoice).toEqual(modelChoice);
  });

  it('a host that does not run the engine asked for says so', async () => {
    const pair = createPortPair({ name: HOST_PORT_NAME });
    const engines = { cpu: new ScriptedEngine({ id: 'cpu' }) };
    serveEngines(pair.client, { engines, onConfigure() {}, idleMinutes: () => 60 });
    const host = createHostClient({ openDocument: async () => {} });
    host.attach(pair.server);
    const webllm = new RemoteEngine('webllm', 'WebLLM', host);
    expect(await webllm.availability({})).toMatchObject({
      state: 'unavailable',
      reason: expect.stringContaining('does not run webllm'),
    });
  });

  it('sends what follows a one-character first delta at once too: markdown shows nothing of it', async () => {
    const script = ['"', 'Here', ...Array.from({ length: 200 }, (_, index) => `${index},`)];
    const { engine, hostPorts } = setup(new ScriptedEngine({ id: 'cpu', script }));
    const signal = new AbortController().signal;
    const result = await collect(engine.stream({ messages: [{ role: 'user', content: 'Tell' }], options: {}, signal }));
    expect(result.deltas.join('')).toBe(script.join(''));
    expect(result.deltas.slice(0, 2)).toEqual(['"', 'Here']);
    const crossed = hostPorts[0]!.sent.filter((message) => (message as { type: string }).type === 'delta');
    expect(crossed.length).toBeLessThan(script.length / 10);
  });

  it('an abort reaches the hosted engine, which ends as cancelled', async () => {
    const cpu = new ScriptedEngine({ id: 'cpu', script: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 20 });
    const { engine } = setup(cpu);
    const controller = new AbortController();
    const generator = engine.stream({
      messages: [{ role: 'user', content: 'Hi' }],
      options: {},
      signal: controller.signal,
    });
    expect((await generator.next()).value).toBe('a');
    controller.abort();
    await cpu.whenAborted();
    const rest = await collect(generator);
    expect(rest.finish).toEqual({ finishReason: 'cancelled' });
  });

  it('a hosted engine’s error keeps its code and message', async () => {
    const cpu = new ScriptedEngine({
      id: 'cpu',
      script: ['a', { error: new InklingError('input-too-large', 'Too long for the context.') }],
    });
    const { engine } = setup(cpu);
    await expect(
      collect(
        engine.stream({
          messages: [{ role: 'user', content: 'Hi' }],
          options: {},
          signal: new AbortController().signal,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'input-too-large',
      message: 'Too long for the context.',
    });
  });

  it('prepare passes progress back', async () => {
    const cpu = new ScriptedEngine({
      id: 'cpu',
      prepare: async (onProgress) => {
        onProgress({ progress: 0.5, phase: 'Downloading Tiny', loadedBytes: 500, totalBytes: 1000 });
      },
    });
    const { engine } = setup(cpu);
    const seen: unknown[] = [];
    await engine.prepare((progress) => seen.push(progress), new AbortController().signal);
    expect(seen).toEqual([{ progress: 0.5, phase: 'Downloading Tiny', loadedBytes: 500, totalBytes: 1000 }]);
  });

  it('the host says it is idle once nothing ran for the set time, so the document can be closed', async () => {
    const { engine, host } = setup(new ScriptedEngine({ id: 'cpu' }), { idleMinutes: 0.001 });
    let idle = 0;
    host.onIdle(() => idle++);
    await engine.availability({});
    expect(idle).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(idle).toBe(1);
  });

  it('a Stop while the engine page is still starting sends it nothing', async () => {
    let started!: () => void;
    const opening = new Promise<void>((resolve) => {
      started = resolve;
    });
    const cpu = new ScriptedEngine({ id: 'cpu' });
    const { engine } = setup(cpu, { opening });
    const controller = new AbortController();
    const generator = engine.stream({
      messages: [{ role: 'user', content: 'Hi' }],
      options: {},
      signal: controller.signal,
    });
    const first = generator.next();
    controller.abort();
    started();
    await first.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cpu.streams).toHaveLength(0);
  });
});
