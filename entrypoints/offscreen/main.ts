import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { browser } from 'wxt/browser';
import { CpuEngine } from '@/lib/engines/cpu';
import { serveEngines } from '@/lib/engines/remote/host';
import { HOST_PORT_NAME } from '@/lib/engines/remote/protocol';
import { WebLlmEngine } from '@/lib/engines/webllm';
import type { GPU } from '@/lib/engines/webgpu';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

// Offscreen documents reach no extension storage: the background sends the settings.
let settings: Settings = DEFAULT_SETTINGS;

const engines = {
  cpu: new CpuEngine({
    loadWllama: () => import('@wllama/wllama/esm/index.js'),
    wasmUrl,
    model: () => settings.cpuModel,
  }),
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
    onConfigure: (next) => (settings = next),
    idleMinutes: () => settings.engineIdleMinutes,
  });
  // The service worker restarted: connecting wakes it, and the loaded models stay.
  port.onDisconnect.addListener(() => setTimeout(connect, 100));
}

connect();
