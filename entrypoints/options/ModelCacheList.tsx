import { useEffect, useState } from 'preact/hooks';
import { deleteCached, listModels, type CachedModel } from '@/lib/engines/model-cache';
import { errorMessage } from '@/lib/contracts/errors';
import { formatBytes } from '@/lib/ui/format-bytes';

/** The CPU models kept on this device (a split model as one, all its parts), with their sizes, each deletable. */
export function ModelCacheList() {
  const [models, setModels] = useState<CachedModel[]>();
  const [error, setError] = useState<string>();

  const refresh = () =>
    listModels()
      .then(setModels)
      .catch((failure: unknown) => setError(`Could not read the downloaded models: ${errorMessage(failure)}`));
  useEffect(() => void refresh(), []);

  const remove = async (url: string) => {
    try {
      await deleteCached(url);
      await refresh();
    } catch (failure) {
      setError(`Could not delete the model: ${errorMessage(failure)}`);
    }
  };

  return (
    <section aria-label="Downloaded models">
      <h2>Downloaded models</h2>
      {models?.length === 0 && <p class="hint">No CPU model is downloaded yet.</p>}
      <ul class="models">
        {models?.map((model) => (
          <li key={model.url}>
            {model.name && <strong>{model.name} </strong>}
            <span class="model-url">{model.url}</span> <span class="hint">{formatBytes(model.bytes)}</span>
            <button
              type="button"
              class="quiet"
              onClick={() => void remove(model.url)}
              aria-label={`Delete ${model.url}`}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
