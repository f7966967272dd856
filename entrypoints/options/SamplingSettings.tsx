import { useState } from 'preact/hooks';
import { SettingsSchema, type Settings } from '@/lib/settings/settings';
import { FormError, useValidation } from './form-validation';

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function SamplingSettings({ settings, onSave }: Props) {
  const [temperature, setTemperature] = useState(settings.sampling.temperature?.toString() ?? '');
  const [topK, setTopK] = useState(settings.sampling.topK?.toString() ?? '');
  const [maxTokens, setMaxTokens] = useState(settings.sampling.maxTokens?.toString() ?? '');
  const { error, validate } = useValidation();

  const submit = async (event: Event) => {
    event.preventDefault();
    const sampling = validate(
      SettingsSchema.entries.sampling,
      { temperature: optionalNumber(temperature), topK: optionalNumber(topK), maxTokens: optionalNumber(maxTokens) },
      (path) => String(path[0] ?? 'Value'),
    );
    if (sampling) await onSave({ ...settings, sampling });
  };

  return (
    <form onSubmit={submit}>
      <h2>Sampling</h2>
      <p class="hint">Leave a field empty for the engine’s own default.</p>
      <label>
        Temperature (0 to 2; 0 gives the same answer every time)
        <input
          type="number"
          step="0.1"
          min={0}
          max={2}
          value={temperature}
          onInput={(event) => setTemperature(event.currentTarget.value)}
        />
      </label>
      <label>
        Top-K (1 to 100)
        <input type="number" min={1} max={100} value={topK} onInput={(event) => setTopK(event.currentTarget.value)} />
      </label>
      <label>
        Maximum answer length in tokens (16 to 8192)
        <input
          type="number"
          min={16}
          max={8192}
          value={maxTokens}
          onInput={(event) => setMaxTokens(event.currentTarget.value)}
        />
      </label>
      <FormError error={error} />
      <button type="submit">Save sampling settings</button>
    </form>
  );
}
