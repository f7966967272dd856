import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../stream/protocol';
import { describeStatus } from './describe-status';

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
const NO_GPU = { state: 'unavailable', reason: 'No WebGPU adapter.', remedy: 'Turn on hardware acceleration.' } as const;

function active(entry: EngineEntry): EngineStatus['active'] {
  return { id: entry.id, label: entry.label, model: entry.model };
}

describe('describeStatus', () => {
  it('is ready when the active engine is available, and says why the others cannot answer', () => {
    const engines = [builtin(NO_NANO), webllm({ state: 'available' }), cpu({ state: 'available' })];
    const view = describeStatus({ active: active(engines[1]!), engines });
    expect(view).toEqual({
      tone: 'ready',
      headline: 'Answering with WebLLM on your GPU.',
      details: ['Gemini Nano (built into Chrome): No Prompt API here.'],
      canDownload: false,
    });
  });

  it('asks for action when the active engine needs a download, and offers it', () => {
    const engines = [builtin({ state: 'downloadable', detail: 'Chrome downloads about 2 GB once.' }), webllm(NO_GPU)];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view.tone).toBe('action');
    expect(view.canDownload).toBe(true);
    expect(view.headline).toBe('Gemini Nano (built into Chrome) needs a one-time download.');
    expect(view.details).toEqual(['Chrome downloads about 2 GB once.', 'WebLLM on your GPU: No WebGPU adapter.']);
  });

  it('is busy while the active engine is downloading, without offering another download', () => {
    const engines = [builtin({ state: 'downloading', detail: 'Chrome is downloading Gemini Nano.' })];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view).toEqual({
      tone: 'busy',
      headline: 'Gemini Nano (built into Chrome) is downloading…',
      details: ['Chrome is downloading Gemini Nano.'],
      canDownload: false,
    });
  });

  it('is busy with a percentage while preparing, whatever the engines say', () => {
    const engines = [builtin({ state: 'downloadable', detail: 'About 2 GB.' })];
    const view = describeStatus({
      active: active(engines[0]!),
      engines,
      preparing: { progress: 0.426, phase: 'Chrome is downloading Gemini Nano' },
    });
    expect(view).toEqual({
      tone: 'busy',
      headline: 'Chrome is downloading Gemini Nano… 43%',
      details: [],
      canDownload: false,
      progress: { value: 0.426, phase: 'Chrome is downloading Gemini Nano' },
    });
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
    expect(view).toEqual({
      tone: 'blocked',
      headline: 'No engine can run in this browser.',
      details: [
        'Gemini Nano (built into Chrome): No Prompt API here. Use Chrome 138.',
        'WebLLM on your GPU: No WebGPU adapter. Turn on hardware acceleration.',
      ],
      canDownload: false,
    });
  });

  it('is blocked when the active engine is not among the reported engines', () => {
    const engines = [webllm(NO_GPU)];
    const view = describeStatus({ active: active(builtin({ state: 'available' })), engines });
    expect(view.tone).toBe('blocked');
    expect(view.canDownload).toBe(false);
  });

  it('does not list available or downloadable other engines as problems', () => {
    const engines = [builtin({ state: 'available' }), webllm({ state: 'downloadable', detail: 'A 1 GB download.' }), cpu(NO_GPU)];
    const view = describeStatus({ active: active(engines[0]!), engines });
    expect(view.tone).toBe('ready');
    expect(view.details).toEqual(['CPU engine: No WebGPU adapter.']);
  });
});
