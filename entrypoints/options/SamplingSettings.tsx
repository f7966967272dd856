import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { SettingsSchema, type Settings } from '@/lib/settings/settings';

interface Props {
  settings: Settings;
  onSave(settings: Settings): Promise<void>;
}

const optionalNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

export function SamplingSettings({ settings, onSave }: Props) {
  const [temperature, setTemperature] = useState(settings.sampling.temperature?.toString() ?? '');
  const [topK, setTopK] = useState(settings.sampling.topK?.toString() ?? '');
  const [maxTokens, setMaxTokens] = useState(settings.sampling.maxTokens?.toString() ?? '');
  const [error, setError] = useState<string>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const sampling = v.safeParse(SettingsSchema.entries.sampling, {
      temperature: optionalNumber(temperature),
      topK: optionalNumber(topK),
      maxTokens: optionalNumber(maxTokens),
    });
    if (!sampling.success) {
      const issue = sampling.issues[0];
      return setError(`${issue.path?.[0]?.key ?? 'Value'}: ${issue.message}`);
    }
    setError(undefined);
    await onSave({ ...settings, sampling: sampling.output });
  };

  return (
    <form onSubmit={submit}>
      <h2>Sampling</h2>
      <p class="hint">Leave a field empty for the engine’s own default.</p>
      <label>
        Temperature (0 to 2; 0 gives the same answer every time)
        <input type="number" step="0.1" min={0} max={2} value={temperature} onInput={(event) => setTemperature(event.currentTarget.value)} />
      </label>
      <label>
        Top-K (1 to 100)
        <input type="number" min={1} max={100} value={topK} onInput={(event) => setTopK(event.currentTarget.value)} />
      </label>
      <label>
        Maximum answer length in tokens (16 to 8192)
        <input type="number" min={16} max={8192} value={maxTokens} onInput={(event) => setMaxTokens(event.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">Save sampling settings</button>
    </form>
  );
}
