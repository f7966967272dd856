import { CPU_CATALOGUE } from '@/lib/settings/cpu-catalogue';
import type { CpuModel } from '@/lib/settings/settings';
import { formatBytes } from '@/lib/ui/format-bytes';

interface Props {
  current: CpuModel;
  onChoose(model: CpuModel): Promise<void>;
}

/** The curated CPU models: what each is, and a button that makes it the CPU engine's model. */
export function CpuCatalogue({ current, onChoose }: Props) {
  return (
    <section aria-label="Model catalogue">
      <h2>Model catalogue</h2>
      <p class="hint">
        Small instruct models that run well on a CPU. Choosing one downloads nothing: the side panel offers the
        download. Any other GGUF file, or a model split in parts (its …-00001-of-0000N.gguf address), can be given
        above.
      </p>
      <ul class="catalogue">
        {CPU_CATALOGUE.map((model) => (
          <li key={model.url} aria-label={model.name}>
            <strong>{model.name}</strong>
            <span class="hint">
              {' '}
              about {formatBytes(model.approximateBytes)} · {model.licence} · context{' '}
              {model.contextTokens.toLocaleString('en')} tokens
            </span>
            <p>Good at {model.goodAt}.</p>
            <p class="hint">Languages: {model.languages}.</p>
            {current.url === model.url ? (
              <p class="hint">In use.</p>
            ) : (
              <button
                type="button"
                class="quiet"
                onClick={() => void onChoose({ name: model.name, url: model.url })}
                aria-label={`Use ${model.name}`}
              >
                Use this model
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
