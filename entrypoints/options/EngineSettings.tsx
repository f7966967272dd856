import { useState } from 'preact/hooks';
import { StallSecondsField } from './StallSecondsField';
import * as v from 'valibot';
import { FormError, useValidation } from './form-validation';
import { WebLlmModelSelect } from './WebLlmModelSelect';
import {
  DEFAULT_CPU_MODEL,
  CpuModelSchema,
  cpuThreadsFor,
  ENGINE_PREFERENCES,
  SettingsSchema,
  type EnginePreference,
  type Settings,
} from '@/lib/settings/settings';

const PREFERENCE_LABELS: Record<EnginePreference, string> = {
  auto: 'Auto: the best one that can run here',
  builtin: 'Built-in (Gemini Nano in Chrome)',
  webllm: 'WebGPU (WebLLM)',
  cpu: 'CPU (llama.cpp)',
  server: 'Your server',
};

const EngineFormSchema = v.object({
  cpuModel: CpuModelSchema,
  engineIdleMinutes: v.message(
    SettingsSchema.entries.engineIdleMinutes,
    'The idle time must be a whole number of minutes, from 1 to 1440.',
  ),
  cpuThreads: v.message(SettingsSchema.entries.cpuThreads, 'Threads must be a whole number from 1 to 256.'),
  downloadStallSeconds: v.message(
    SettingsSchema.entries.downloadStallSeconds,
    'The wait must be a whole number of seconds, from 2 to 600.',
  ),
});

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

export function EngineSettings({ settings, onSave }: Props) {
  const [engine, setEngine] = useState(settings.engine);
  const [modelName, setModelName] = useState(settings.cpuModel.name);
  const [modelUrl, setModelUrl] = useState(settings.cpuModel.url);
  const [allowSoftwareWebGpu, setAllowSoftwareWebGpu] = useState(settings.allowSoftwareWebGpu);
  const [webllmModel, setWebllmModel] = useState(settings.webllmModel);
  const [idleMinutes, setIdleMinutes] = useState(String(settings.engineIdleMinutes));
  const [stallSeconds, setStallSeconds] = useState(String(settings.downloadStallSeconds ?? 30));
  const [threads, setThreads] = useState(settings.cpuThreads === undefined ? '' : String(settings.cpuThreads));
  const { error, validate } = useValidation();

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = validate(EngineFormSchema, {
      cpuModel: { name: modelName, url: modelUrl },
      engineIdleMinutes: Number(idleMinutes),
      cpuThreads: threads.trim() === '' ? undefined : Number(threads),
      downloadStallSeconds: Number(stallSeconds),
    });
    if (form) await onSave({ ...settings, ...form, engine, webllmModel, allowSoftwareWebGpu });
  };

  return (
    <form onSubmit={submit}>
      <h2>Engine</h2>
      <label>
        <span id="engine-label">Engine</span>
        <select
          aria-labelledby="engine-label"
          value={engine}
          onChange={(event) => setEngine(event.currentTarget.value as EnginePreference)}
        >
          {ENGINE_PREFERENCES.map((preference) => (
            <option key={preference} value={preference}>
              {PREFERENCE_LABELS[preference]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>CPU model (any GGUF file llama.cpp can run)</legend>
        <label>
          Model name
          <input value={modelName} onInput={(event) => setModelName(event.currentTarget.value)} />
        </label>
        <label>
          Model address
          <input
            type="url"
            value={modelUrl}
            onInput={(event) => setModelUrl(event.currentTarget.value)}
            placeholder="https://…/model.gguf"
          />
        </label>
        <p class="hint">
          An http(s) address, on the web or on your network (e.g. http://127.0.0.1:8080/model.gguf). The server must
          allow cross-origin requests. The default is {DEFAULT_CPU_MODEL.name}, Apache 2.0.
        </p>
        <button
          type="button"
          class="quiet"
          onClick={() => {
            setModelName(DEFAULT_CPU_MODEL.name);
            setModelUrl(DEFAULT_CPU_MODEL.url);
          }}
        >
          Use the default model
        </button>
      </fieldset>
      <label>
        CPU threads (empty: all but one of this computer’s {navigator.hardwareConcurrency} cores, so{' '}
        {cpuThreadsFor(undefined, navigator.hardwareConcurrency)})
        <input
          type="number"
          min={1}
          max={256}
          value={threads}
          onInput={(event) => setThreads(event.currentTarget.value)}
        />
      </label>
      <StallSecondsField
        label="Give up a model download after this many seconds without data"
        value={stallSeconds}
        onChange={setStallSeconds}
      />
      <WebLlmModelSelect value={webllmModel} onChange={setWebllmModel} />
      <label class="inline">
        <input
          type="checkbox"
          checked={allowSoftwareWebGpu}
          onChange={(event) => setAllowSoftwareWebGpu(event.currentTarget.checked)}
        />
        Use a software WebGPU adapter (SwiftShader) anyway: very slow
      </label>
      <label>
        Free the CPU and GPU engines’ memory after this many idle minutes
        <input
          type="number"
          min={1}
          max={1440}
          value={idleMinutes}
          onInput={(event) => setIdleMinutes(event.currentTarget.value)}
        />
      </label>
      <FormError error={error} />
      <button type="submit">Save engine settings</button>
    </form>
  );
}
