import { useEffect, useState } from 'preact/hooks';
import { describeStatus } from '@/lib/engines/describe-status';
import type { EngineStatus } from '@/lib/stream/protocol';
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

  if (!view) return <section class="engine-status" role="status">Looking for an engine…</section>;
  return (
    <section class={`engine-status tone-${view.tone}`} role="status" aria-label="Engine status">
      <p class="headline">{view.headline}</p>
      {view.progress && <progress value={view.progress.value} max={1} aria-label={view.progress.phase} />}
      {view.details.length > 0 && (
        <ul class="details">
          {view.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
      {view.canDownload && (
        <button type="button" onClick={() => (setError(undefined), inkling.prepare())}>
          Download
        </button>
      )}
      {view.progress && (
        <button type="button" class="quiet" onClick={inkling.cancelPrepare}>
          Cancel download
        </button>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
