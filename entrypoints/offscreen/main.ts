import { browser } from 'wxt/browser';
import { keepEventPageAwake } from '@/lib/browser/event-page';
import { ENGINE_LABELS } from '@/lib/contracts/engine';
import { serveEngines } from '@/lib/engines/remote/host';
import { createHostClient } from '@/lib/engines/remote/host-client';
import { HOST_PORT_NAME } from '@/lib/engines/remote/protocol';
import { RemoteEngine } from '@/lib/engines/remote/remote-engine';
import { WebLlmEngine } from '@/lib/engines/webllm';
import type { GPU } from '@/lib/engines/webgpu';
import { workerPort } from '@/lib/rpc/worker-port';
import { readPdf } from './read-pdf';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

// Offscreen documents reach no extension storage: the background sends the settings.
let settings: Settings = DEFAULT_SETTINGS;

// llama.cpp runs in a worker of its own, not on this page's thread: every extension page (the side
// panel too) shares one renderer process and its main thread, and wllama makes a round trip through
// the thread that drives it for every token, so the panel's rendering stalled the engine.
// Started on first use (WebLLM alone needs none), and started again after it failed.
let worker: Worker | undefined;
const cpuWorker = createHostClient({
  async openDocument() {
    worker?.terminate();
    worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module' });
    cpuWorker.attach(workerPort(worker, 'cpu-engine'));
  },
});

const engines = {
  cpu: new RemoteEngine('cpu', ENGINE_LABELS.cpu, cpuWorker),
  webllm: new WebLlmEngine({
    loadWebLlm: () => import('@mlc-ai/web-llm'),
    gpu: () => (navigator as Navigator & { gpu?: GPU }).gpu,
    settings: () => ({ modelId: settings.webllmModel, allowFallbackAdapter: settings.allowSoftwareWebGpu }),
  }),
};

function connect() {
  let port: ReturnType<typeof browser.runtime.connect>;
  try {
    port = browser.runtime.connect({ name: HOST_PORT_NAME });
  } catch {
    return; // The extension was reloaded or removed: this page is about to go.
  }
  serveEngines(port, {
    engines,
    onConfigure(next) {
      settings = next;
      cpuWorker.configure(next);
    },
    idleMinutes: () => settings.engineIdleMinutes,
    readPdf,
  });
  // The service worker restarted: connecting wakes it, and the loaded models stay.
  port.onDisconnect.addListener(() => setTimeout(connect, 100));
}

connect();
keepEventPageAwake();
