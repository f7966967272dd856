import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { startWllamaWorkersFromFile, WLLAMA_WORKER_FILE } from '@/lib/browser/wllama-worker-file';
import { CpuEngine } from '@/lib/engines/cpu';
import { serveEngines } from '@/lib/engines/remote/host';
import type { GPU } from '@/lib/engines/webgpu';
import { workerPort, type MessageTarget } from '@/lib/rpc/worker-port';
import { cpuThreadsFor, DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

if (import.meta.env.FIREFOX) {
  startWllamaWorkersFromFile(globalThis, new URL(`/${WLLAMA_WORKER_FILE}`, self.location.href).href);
}

// The offscreen document forwards the settings it gets from the background.
let settings: Settings = DEFAULT_SETTINGS;

serveEngines(workerPort(self as unknown as MessageTarget, 'cpu-engine'), {
  engines: {
    cpu: new CpuEngine({
      loadWllama: () => import('@wllama/wllama/esm/index.js'),
      wasmUrl,
      model: () => settings.cpuModel,
      // Threads need SharedArrayBuffer: the manifest makes the offscreen document, and so this worker,
      // cross-origin isolated.
      stallMs: () => (settings.downloadStallSeconds ?? 30) * 1000,
      threads: () => cpuThreadsFor(settings.cpuThreads, navigator.hardwareConcurrency),
      gpu: () => (navigator as Navigator & { gpu?: GPU }).gpu,
    }),
  },
  onConfigure: (next) => (settings = next),
  idleMinutes: () => settings.engineIdleMinutes,
});
