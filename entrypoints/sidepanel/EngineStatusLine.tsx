import { useEffect, useState } from 'preact/hooks';
import { describeStatus, type EngineRow } from '@/lib/engines/describe-status';
import type { EngineStatus } from '@/lib/contracts/engine';
import { inkling } from '@/lib/stream/runtime-client';

/** While Chrome downloads a model on its own, its state is asked again this often. */
const DOWNLOAD_POLL_MS = 3_000;

export function EngineStatusLine() {
  const [status, setStatus] = useState<EngineStatus>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const stopStatus = inkling.onStatus(setStatus, { refresh: true });
    const stopErrors = inkling.onError((failure) => setError(failure.message));
    return () => {
      stopStatus();
      stopErrors();
    };
  }, []);

  const view = status && describeStatus(status);
  useEffect(() => {
    if (view?.tone !== 'busy' || view.progress) return;
    const timer = setInterval(inkling.refreshStatus, DOWNLOAD_POLL_MS);
    return () => clearInterval(timer);
  }, [view?.tone, view?.progress]);

  if (!view)
    return (
      <section class="engine-status" role="status">
        Looking for an engine…
      </section>
    );
  const download = (engine: EngineRow) => {
    setError(undefined);
    inkling.prepare(engine.id);
  };
  return (
    <section class={`engine-status tone-${view.tone}`} role="status" aria-label="Engine status">
      <p class="headline">{view.headline}</p>
      {view.progress && (
        <div class="progress">
          <progress value={view.progress.value} max={1} aria-label={view.progress.phase} />
          <button type="button" class="quiet" onClick={() => inkling.cancelPrepare()}>
            Cancel
          </button>
        </div>
      )}
      <details class="engines" open={view.tone !== 'ready'}>
        <summary>Engines on this device</summary>
        <ul>
          {view.engines.map((engine) => (
            <li key={engine.id} class={engine.active ? 'active' : undefined}>
              <strong>{engine.label}</strong> {engine.text}
              {engine.canDownload && (
                <button type="button" onClick={() => download(engine)} aria-label={`Download for ${engine.label}`}>
                  Download
                </button>
              )}
            </li>
          ))}
        </ul>
      </details>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
