import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../contracts/engine';
import { describeStatus } from './describe-status';
import { NOT_CHOSEN_REASON } from './picker';

type EngineEntry = EngineStatus['engines'][number];

const builtin = (availability: EngineEntry['availability']): EngineEntry => ({
  id: 'builtin',
  label: 'Gemini Nano (built into Chrome)',
  model: 'Gemini Nano',
  availability,
});
const webllm = (availability: EngineEntry['availability']): EngineEntry => ({
  id: 'webllm',
  label: 'WebLLM on your GPU',
  model: 'Qwen',
  availability,
});
const cpu = (availability: EngineEntry['availability']): EngineEntry => ({
  id: 'cpu',
  label: 'CPU engine',
  model: 'SmolLM',
  availability,
});

const NO_NANO = { state: 'unavailable', reason: 'No Prompt API here.', remedy: 'Use Chrome 138.' } as const;
const NO_GPU = {
  state: 'unavailable',
  reason: 'No WebGPU adapter.',
  remedy: 'Turn on hardware acceleration.',
} as const;

function active(entry: EngineEntry): EngineStatus['active'] {
  return { id: entry.id, label: entry.label, model: entry.model };
}

const server = (availability: EngineEntry['availability']): EngineEntry => ({
  id: 'server',
  label: 'Your server on gpu-box.lan',
  model: 'qwen3:8b',
  availability,
});

describe('describeStatus', () => {
  it('names the server where it runs, and says so when it does not answer and another engine does', () => {
    const up = [server({ state: 'available' }), cpu({ state: 'available' })];
    expect(describeStatus({ active: active(up[0]!), engines: up }).headline).toBe(
      'Answering with Your server on gpu-box.lan: qwen3:8b.',
    );
    const down = [
      server({ state: 'unavailable', reason: 'Cannot connect to http://gpu-box.lan:11434.', remedy: 'Meanwhile…' }),
      cpu({ state: 'available' }),
    ];
    const view = describeStatus({ active: active(down[1]!), engines: down });
    expect(view.headline).toBe('Your server on gpu-box.lan does not answer. Answering with CPU engine: SmolLM.');
    expect(view.engines[0]!.text).toBe('Cannot connect to http://gpu-box.lan:11434. Meanwhile…');
    const notChosen = [
      server({ state: 'unavailable', reason: NOT_CHOSEN_REASON, remedy: 'Set Engine to Auto.' }),
      cpu({ state: 'available' }),
    ];
    expect(describeStatus({ active: active(notChosen[1]!), engines: notChosen }).headline).toBe(
      'Answering with CPU engine: SmolLM.',
    );
  });

  it('is ready when the active engine is available, and says why each other one cannot answer', () => {
    const engines = [builtin(NO_NANO), webllm({ state: 'available' }), cpu({ state: 'available' })];
    const view = describeStatus({ active: active(engines[1]!), engines });
    expect(view.tone).toBe('ready');
    expect(view.headline).toBe('Answering with WebLLM on your GPU: Qwen.');
    expect(view.engines.map((row) => [row.id, row.active, row.text, row.canDownload])).toEqual([
      ['builtin', false, 'No Prompt API here. Use Chrome 138.', false],
      ['webllm', true, 'Ready: Qwen.', false],
      ['cpu', false, 'Ready: SmolLM.', false],
    ]);
  });

  it('asks for action when the active engine needs a download, and offers it with its size', () => {
    const engines = [builtin({ state: 'downloadable', detail: 'Chrome downloads about 2 GB once.' }), webllm(NO_GPU)];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view.tone).toBe('action');
    expect(view.headline).toBe('Gemini Nano (built into Chrome) needs a one-time download.');
    expect(view.engines[0]).toMatchObject({ canDownload: true, text: 'Chrome downloads about 2 GB once.' });
    expect(view.engines[1]).toMatchObject({
      canDownload: false,
      text: 'No WebGPU adapter. Turn on hardware acceleration.',
    });
  });

  it('offers the download of any engine that needs one, not only the active engine', () => {
    const engines = [
      builtin({ state: 'available' }),
      cpu({ state: 'downloadable', detail: 'Downloads SmolLM once (300 MB).' }),
    ];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view.engines[1]).toMatchObject({ canDownload: true });
  });

  it('is busy while the active engine is downloading, without offering another download', () => {
    const engines = [builtin({ state: 'downloading', detail: 'Chrome is downloading Gemini Nano.' })];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view.tone).toBe('busy');
    expect(view.headline).toBe('Gemini Nano (built into Chrome) is downloading…');
    expect(view.progress).toBeUndefined();
    expect(view.engines[0]!.canDownload).toBe(false);
  });

  it('is busy with a percentage and the bytes while preparing, and offers no second download', () => {
    const engines = [cpu({ state: 'downloadable', detail: 'About 2 GB.' })];
    const view = describeStatus({
      active: active(engines[0]!),
      engines,
      preparing: {
        progress: 0.426,
        phase: 'Downloading SmolLM',
        loadedBytes: 42_600_000,
        totalBytes: 100_000_000,
        engine: 'cpu',
      },
    });
    expect(view.tone).toBe('busy');
    expect(view.headline).toBe('Downloading SmolLM… 43% (42.6 MB of 100.0 MB)');
    expect(view.progress).toEqual({ value: 0.426, phase: 'Downloading SmolLM', engine: 'cpu' });
    expect(view.engines[0]!.canDownload).toBe(false);
  });

  it('shows 0% and 100% at the ends of preparing', () => {
    const engines = [builtin({ state: 'downloadable', detail: 'About 2 GB.' })];
    const at = (progress: number) =>
      describeStatus({ active: active(engines[0]!), engines, preparing: { progress, phase: 'Loading' } }).headline;
    expect(at(0)).toBe('Loading… 0%');
    expect(at(1)).toBe('Loading… 100%');
  });

  it('is blocked when no engine can run, giving each reason and remedy', () => {
    const engines = [builtin(NO_NANO), webllm(NO_GPU)];
    const view = describeStatus({ engines });
    expect(view.tone).toBe('blocked');
    expect(view.headline).toBe('No engine can run in this browser.');
    expect(view.engines.map((row) => row.text)).toEqual([
      'No Prompt API here. Use Chrome 138.',
      'No WebGPU adapter. Turn on hardware acceleration.',
    ]);
  });

  it('is blocked when the active engine is not among the reported engines', () => {
    const engines = [webllm(NO_GPU)];
    const view = describeStatus({ active: active(builtin({ state: 'available' })), engines });
    expect(view.tone).toBe('blocked');
  });
});
