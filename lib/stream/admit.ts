import type { PrepareProgress } from '../contracts/engine';
import { InklingError } from '../contracts/errors';
import type { Engine } from '../engines/engine';
import type { EnginePicker } from '../engines/picker';

/**
 * The engine the picker chose, if it can take a request now; else why not, in words the user can
 * act on: none can run here (and why each cannot), or the chosen one is still downloading or must
 * be downloaded first. `preparing` is the download under way, if any.
 */
export function admitEngine(
  { engine, reports }: Awaited<ReturnType<EnginePicker['pick']>>,
  preparing?: PrepareProgress,
): Engine {
  if (!engine) {
    const reasons = reports.map((report) =>
      report.availability.state === 'unavailable' ? `${report.label}: ${report.availability.reason}` : '',
    );
    throw new InklingError(
      'no-engine',
      `No engine can run in this browser. ${reasons.filter(Boolean).join(' ')}`.trim(),
    );
  }
  const availability = reports.find((report) => report.id === engine.id)!.availability;
  if (availability.state === 'downloading' || preparing) {
    const percent = preparing ? ` (${Math.round(preparing.progress * 100)}%)` : '';
    throw new InklingError(
      'needs-download',
      `${engine.label} is still downloading${percent}. Send again when it is ready.`,
    );
  }
  if (availability.state === 'downloadable') {
    throw new InklingError(
      'needs-download',
      `${engine.label} must be downloaded first: choose Download in the side panel. ${availability.detail}`,
    );
  }
  return engine;
}
