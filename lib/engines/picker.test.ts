import { describe, expect, it, vi } from 'vitest';
import type { Availability, EngineFinish, EngineId, SamplingOptions } from '../contracts/engine';
import type { Engine } from './engine';
import { EnginePicker } from './picker';

const UNAVAILABLE: Availability = { state: 'unavailable', reason: 'No GPU.', remedy: 'Use another computer.' };
const DOWNLOADABLE: Availability = { state: 'downloadable', detail: 'A 2 GB download.' };
const DOWNLOADING: Availability = { state: 'downloading', detail: 'Downloading.' };
const AVAILABLE: Availability = { state: 'available' };

/** An engine that only answers availability, with what `answer` gives on each call. */
function stubEngine(id: EngineId, answer: Availability | (() => Promise<Availability>)) {
  const availability = vi.fn(async (_options: SamplingOptions) => (typeof answer === 'function' ? answer() : answer));
  const engine = {
    id,
    label: `Engine ${id}`,
    model: `model-${id}`,
    availability,
    prepare: async () => {},
    // biome-ignore lint/correctness/useYield: an engine that ends without a word is all these tests need
    async *stream(): AsyncGenerator<string, EngineFinish, undefined> {
      return { finishReason: 'stop' };
    },
    contextInfo: () => ({}),
  } satisfies Engine;
  return engine;
}

describe('EnginePicker', () => {
  it('neither lists nor asks an engine that is not set up, and puts a set-up server first', async () => {
    const server = { ...stubEngine('server', AVAILABLE), setUp: false, isSetUp: () => server.setUp };
    const cpu = stubEngine('cpu', AVAILABLE);
    const picker = new EnginePicker([server, cpu]);
    const bare = await picker.pick();
    expect(bare.reports.map((report) => report.id)).toEqual(['cpu']);
    expect(server.availability).not.toHaveBeenCalled();
    server.setUp = true;
    expect((await picker.pick({ refresh: true })).engine).toBe(server);
  });

  it('chooses the first engine in order of preference that can run', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    const webllm = stubEngine('webllm', AVAILABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    const choice = await new EnginePicker([builtin, webllm, cpu]).pick();
    expect(choice.engine).toBe(builtin);
  });

  it('skips unavailable engines and chooses one that needs a download when none is ready', async () => {
    const builtin = stubEngine('builtin', UNAVAILABLE);
    const webllm = stubEngine('webllm', DOWNLOADABLE);
    const cpu = stubEngine('cpu', DOWNLOADABLE);
    const choice = await new EnginePicker([builtin, webllm, cpu]).pick();
    expect(choice.engine).toBe(webllm);
  });

  it('answers with a ready engine rather than wait for a preferred one still downloading', async () => {
    const builtin = stubEngine('builtin', DOWNLOADING);
    const webllm = stubEngine('webllm', DOWNLOADABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    const choice = await new EnginePicker([builtin, webllm, cpu]).pick();
    expect(choice.engine).toBe(cpu);
  });

  it('uses only the engine the settings name, and says why the others are not used', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    const choice = await new EnginePicker([builtin, cpu], { preference: () => 'cpu' }).pick();
    expect(choice.engine).toBe(cpu);
    expect(choice.reports[0]!.availability).toMatchObject({
      state: 'unavailable',
      reason: 'Not chosen in Inkling’s settings.',
    });
  });

  it('passes over an engine that failed until the user retries', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    const picker = new EnginePicker([builtin, cpu]);
    picker.markFailed('builtin', 'the GPU was lost');
    const afterFailure = await picker.pick();
    expect(afterFailure.engine).toBe(cpu);
    expect(afterFailure.reports[0]!.availability).toMatchObject({
      state: 'unavailable',
      reason: 'It failed: the GPU was lost',
    });
    expect((await picker.pick({ refresh: true })).engine).toBe(cpu);
    expect((await picker.pick({ retryFailed: true })).engine).toBe(builtin);
  });

  it('forgets a failure once the engine has another model: every surface asking again sees it ready', async () => {
    const cpu: Engine & { modelSource?: string } = {
      ...stubEngine('cpu', AVAILABLE),
      modelSource: 'http://127.0.0.1/broken.gguf',
    };
    const picker = new EnginePicker([cpu]);
    picker.markFailed('cpu', 'not a GGUF model');
    expect((await picker.pick()).reports[0]!.availability).toMatchObject({ state: 'unavailable' });
    cpu.modelSource = 'http://127.0.0.1/fixed.gguf';
    expect((await picker.pick({ refresh: true })).engine).toBe(cpu);
    cpu.modelSource = 'http://127.0.0.1/broken.gguf';
    expect((await picker.pick({ refresh: true })).engine).toBe(cpu);
  });

  it('reports every engine in order of preference, including the ones it did not choose', async () => {
    const builtin = stubEngine('builtin', UNAVAILABLE);
    const webllm = stubEngine('webllm', DOWNLOADABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    const choice = await new EnginePicker([builtin, webllm, cpu]).pick();
    expect(choice.reports).toEqual([
      { id: 'builtin', label: 'Engine builtin', model: 'model-builtin', availability: UNAVAILABLE },
      { id: 'webllm', label: 'Engine webllm', model: 'model-webllm', availability: DOWNLOADABLE },
      { id: 'cpu', label: 'Engine cpu', model: 'model-cpu', availability: AVAILABLE },
    ]);
  });

  it('chooses no engine when none can run, and still reports why', async () => {
    const builtin = stubEngine('builtin', UNAVAILABLE);
    const cpu = stubEngine('cpu', { state: 'unavailable', reason: 'No WebAssembly.', remedy: 'Update the browser.' });
    const choice = await new EnginePicker([builtin, cpu]).pick();
    expect(choice.engine).toBeUndefined();
    expect(choice.reports.map((report) => report.availability.state)).toEqual(['unavailable', 'unavailable']);
    expect(choice.reports[1]!.availability).toMatchObject({ reason: 'No WebAssembly.' });
  });

  it('asks every engine, even after finding one that can run', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    const cpu = stubEngine('cpu', AVAILABLE);
    await new EnginePicker([builtin, cpu]).pick();
    expect(builtin.availability).toHaveBeenCalledTimes(1);
    expect(cpu.availability).toHaveBeenCalledTimes(1);
  });

  it('caches the answer: engines are asked once however often it picks', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    const picker = new EnginePicker([builtin]);
    const [first, second] = await Promise.all([picker.pick(), picker.pick()]);
    const third = await picker.pick();
    expect(builtin.availability).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('asks again when told to refresh, and sees the change', async () => {
    let answer: Availability = DOWNLOADABLE;
    const builtin = stubEngine('builtin', async () => answer);
    const picker = new EnginePicker([builtin]);
    expect((await picker.pick()).reports[0]!.availability).toEqual(DOWNLOADABLE);
    answer = AVAILABLE;
    expect((await picker.pick()).reports[0]!.availability).toEqual(DOWNLOADABLE);
    expect((await picker.pick({ refresh: true })).reports[0]!.availability).toEqual(AVAILABLE);
    expect(builtin.availability).toHaveBeenCalledTimes(2);
    // The refreshed answer is cached in turn.
    await picker.pick();
    expect(builtin.availability).toHaveBeenCalledTimes(2);
  });

  it('asks again after invalidate()', async () => {
    let answer: Availability = AVAILABLE;
    const builtin = stubEngine('builtin', async () => answer);
    const cpu = stubEngine('cpu', AVAILABLE);
    const picker = new EnginePicker([builtin, cpu]);
    expect((await picker.pick()).engine).toBe(builtin);
    answer = UNAVAILABLE;
    picker.invalidate();
    expect((await picker.pick()).engine).toBe(cpu);
    expect(builtin.availability).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed question', async () => {
    let fail = true;
    const builtin = stubEngine('builtin', async () => {
      if (fail) throw new Error('GPU adapter request failed');
      return AVAILABLE;
    });
    const picker = new EnginePicker([builtin]);
    await expect(picker.pick()).rejects.toThrow('GPU adapter request failed');
    fail = false;
    const choice = await picker.pick();
    expect(choice.engine).toBe(builtin);
    expect(builtin.availability).toHaveBeenCalledTimes(2);
  });

  it('asks with default sampling options', async () => {
    const builtin = stubEngine('builtin', AVAILABLE);
    await new EnginePicker([builtin]).pick();
    expect(builtin.availability).toHaveBeenCalledWith({});
  });
});
