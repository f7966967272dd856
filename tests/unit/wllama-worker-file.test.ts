import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RUN_OPTIONS_VERB, startWllamaWorkersFromFile } from '../../lib/browser/wllama-worker-file';
import { wllamaWorkerSource } from '../../scripts/wllama-worker-file';

/** A worker global with what the shim touches: Worker, URL.createObjectURL and FileReaderSync. */
function workerScope() {
  const started: { url: string; options?: WorkerOptions; posted: unknown[] }[] = [];
  class RecordingWorker {
    readonly record: (typeof started)[number];
    constructor(url: string | URL, options?: WorkerOptions) {
      this.record = { url: String(url), options, posted: [] };
      started.push(this.record);
    }
    postMessage(message: unknown) {
      this.record.posted.push(message);
    }
  }
  let next = 0;
  const scope = {
    Worker: RecordingWorker,
    URL: { createObjectURL: () => `blob:moz-extension://id/${next++}` },
  } as unknown as typeof globalThis;
  return { scope, started };
}

describe('wllama’s worker in Firefox', () => {
  it('starts the extension’s file for wllama’s worker code, sending the options it had written in', () => {
    const { scope, started } = workerScope();
    // Node has no FileReaderSync: the stand-in gives the text of the Blob made last.
    const texts: string[] = [];
    const readText = () => texts.at(-1) ?? '';
    startWllamaWorkersFromFile(scope, 'moz-extension://id/wllama-worker.js', readText);
    const options = { pathConfig: { 'wllama.wasm': 'moz-extension://id/assets/wllama.wasm' }, nbThread: 0 };
    const code = [`const RUN_OPTIONS = ${JSON.stringify(options)};`, 'function wModuleInit() {}'].join(';\n\n');
    texts.push(code);
    const url = scope.URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    new scope.Worker(url, { type: 'module' });
    expect(started).toEqual([
      {
        url: 'moz-extension://id/wllama-worker.js',
        options: { type: 'module' },
        posted: [{ verb: RUN_OPTIONS_VERB, args: [options] }],
      },
    ]);

    texts.length = 0;
    texts.push('postMessage(1)');
    const other = scope.URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' }));
    new scope.Worker(other);
    expect(started[1]).toEqual({ url: other, options: undefined, posted: [] });
  });

  it('writes a worker file that parses, takes the options first and then runs wllama’s own handler', () => {
    const source = wllamaWorkerSource();
    expect(() => new Script(source)).not.toThrow();
    expect(source).toContain(`event.data?.verb === '${RUN_OPTIONS_VERB}'`);
    expect(source).toContain('var ___Module');
    expect(source).toContain('WebAssembly.Suspending');
  });
});
