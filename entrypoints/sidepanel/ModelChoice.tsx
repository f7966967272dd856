import { useEffect, useState } from 'preact/hooks';
import type { CpuModel } from '@/lib/contracts/engine';
import { listModels, type CachedModel } from '@/lib/engines/model-cache';

interface Props {
  chosen?: CpuModel;
  onChoose(model: CpuModel | undefined): void;
}

const nameOf = (model: CachedModel) => model.name ?? new URL(model.url).pathname.split('/').pop() ?? model.url;

/**
 * The CPU model this conversation answers with, among the downloaded ones; shown once there are
 * any. The settings' model is the default; a choice applies from the next message.
 */
export function ModelChoice({ chosen, onChoose }: Props) {
  const [models, setModels] = useState<CachedModel[]>([]);
  // Read again when the list is opened: a download may have finished since.
  const refresh = () => void listModels().then(setModels, () => setModels([]));
  useEffect(refresh, []);
  if (models.length === 0 && !chosen) return null;
  return (
    <label class="model-choice">
      CPU model for this chat
      <select
        value={chosen?.url ?? ''}
        onFocus={refresh}
        onChange={(event) => {
          const model = models.find((candidate) => candidate.url === event.currentTarget.value);
          onChoose(model && { name: nameOf(model), url: model.url });
        }}
      >
        <option value="">The one set in the options</option>
        {chosen && !models.some((model) => model.url === chosen.url) && (
          <option value={chosen.url}>{chosen.name} (no longer downloaded)</option>
        )}
        {models.map((model) => (
          <option key={model.url} value={model.url}>
            {nameOf(model)}
          </option>
        ))}
      </select>
    </label>
  );
}
