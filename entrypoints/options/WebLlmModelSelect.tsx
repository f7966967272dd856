import { useEffect, useState } from 'preact/hooks';
import { webLlmModelOptions, type WebLlmModelOption } from '@/lib/engines/webllm-models';
import { errorMessage } from '@/lib/contracts/errors';

interface Props {
  value?: string;
  onChange(modelId: string | undefined): void;
}

/** WebLLM's prebuilt models; the list comes from web-llm itself, loaded only on this page. */
export function WebLlmModelSelect({ value, onChange }: Props) {
  const [models, setModels] = useState<WebLlmModelOption[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    import('@mlc-ai/web-llm')
      .then(({ prebuiltAppConfig }) => setModels(webLlmModelOptions(prebuiltAppConfig.model_list)))
      .catch((failure: unknown) => setError(`Could not list WebLLM’s models: ${errorMessage(failure)}`));
  }, []);

  return (
    <label>
      <span id="webllm-model-label">WebLLM model</span>
      <select
        aria-labelledby="webllm-model-label"
        value={value ?? ''}
        onChange={(event) => onChange(event.currentTarget.value || undefined)}
        disabled={!models}
      >
        <option value="">Automatic: the best small model this GPU can run</option>
        {models?.map((model) => (
          <option key={model.id} value={model.id}>
            {model.label}, about {model.vramMB.toLocaleString('en')} MB of GPU memory
          </option>
        ))}
      </select>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
