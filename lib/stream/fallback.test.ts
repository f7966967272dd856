import { describe, expect, it } from 'vitest';
import { EnginePicker } from '../engines/picker';
import { InklingError } from '../contracts/errors';
import { createPortPair, ScriptedEngine } from '../../tests/unit/memory-port';
import { createClient } from './client';
import type { EngineStatus } from '../contracts/engine';
import { createStreamServer } from './server';

const SENDER = { id: 'inkling-test', url: 'chrome-extension://inkling-test/sidepanel.html' };

function setup(engines: ScriptedEngine[]) {
  const server = createStreamServer({ picker: new EnginePicker(engines) });
  const client = createClient(() => {
    const pair = createPortPair({ sender: SENDER });
    server.connect(pair.server, 'extension-page');
    return pair.client;
  });
  const statuses: EngineStatus[] = [];
  client.onStatus((status) => statuses.push(status));
  return { client, statuses };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition(), String(condition)).toBe(true);
};

describe('fallback to the next engine', () => {
  it('when the engine in use fails while running, the user is told and the next engine answers next', async () => {
    const gpu = new ScriptedEngine({
      id: 'webllm',
      label: 'GPU engine',
      script: ['Hel', { error: new InklingError('engine-failed', 'the GPU device was lost') }],
    });
    const cpu = new ScriptedEngine({ id: 'cpu', label: 'CPU engine', script: ['Hello from the CPU'] });
    const { client, statuses } = setup([gpu, cpu]);

    const first = await client.generateStream('Hi');
    await expect(first.result).rejects.toMatchObject({ code: 'engine-failed', message: 'the GPU device was lost' });
    await until(() => statuses.at(-1)?.active?.id === 'cpu');
    const gpuReport = statuses.at(-1)!.engines.find((engine) => engine.id === 'webllm')!;
    expect(gpuReport.availability).toMatchObject({
      state: 'unavailable',
      reason: 'It failed: the GPU device was lost',
    });

    const second = await client.generateStream('Hi again');
    expect((await second.result).text).toBe('Hello from the CPU');
    expect((await second.result).engine).toBe('cpu');
  });

  it('when preparing the engine fails, the next engine takes over', async () => {
    const gpu = new ScriptedEngine({
      id: 'webllm',
      label: 'GPU engine',
      availability: { state: 'downloadable', detail: 'About 900 MB.' },
      prepare: async () => {
        throw new Error('network error while downloading');
      },
    });
    const cpu = new ScriptedEngine({
      id: 'cpu',
      label: 'CPU engine',
      availability: { state: 'downloadable', detail: 'About 400 MB.' },
    });
    const { client, statuses } = setup([gpu, cpu]);
    const errors: InklingError[] = [];
    client.onError((error) => errors.push(error));
    await until(() => statuses.at(-1)?.active?.id === 'webllm');

    client.prepare();
    await until(() => errors.length === 1);
    expect(errors[0]!.message).toBe('GPU engine could not be prepared: network error while downloading');
    await until(() => statuses.at(-1)?.active?.id === 'cpu' && !statuses.at(-1)?.preparing);

    client.prepare();
    await until(() => cpu.prepareCalls === 1);
  });

  it('a cancelled download is no failure: the engine stays the one to use', async () => {
    const gpu = new ScriptedEngine({
      id: 'webllm',
      availability: { state: 'downloadable', detail: 'About 900 MB.' },
      prepare: (_, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new DOMException('Cancelled', 'AbortError'))),
        ),
    });
    const cpu = new ScriptedEngine({ id: 'cpu' });
    const { client, statuses } = setup([gpu, cpu]);
    await until(() => statuses.length > 0);
    client.prepare('webllm');
    await until(() => statuses.at(-1)?.preparing?.engine === 'webllm');
    client.cancelPrepare();
    await until(() => statuses.at(-1)?.preparing === undefined);
    expect(statuses.at(-1)!.engines[0]!.availability.state).toBe('downloadable');
  });
});
