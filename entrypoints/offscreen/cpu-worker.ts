import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { CpuEngine } from '@/lib/engines/cpu';
import { serveEngines } from '@/lib/engines/remote/host';
import { workerPort, type MessageTarget } from '@/lib/rpc/worker-port';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/settings';

// The offscreen document forwards the settings it gets from the background.
let settings: Settings = DEFAULT_SETTINGS;

serveEngines(workerPort(self as unknown as MessageTarget, 'cpu-engine'), {
  engines: {
    cpu: new CpuEngine({
      loadWllama: () => import('@wllama/wllama/esm/index.js'),
      wasmUrl,
      model: () => settings.cpuModel,
    }),
  },
  onConfigure: (next) => (settings = next),
  idleMinutes: () => settings.engineIdleMinutes,
});
