import type { InitProgressCallback } from '@mlc-ai/web-llm';
import type { PrepareProgress } from '../contracts/engine';

/** web-llm's progress restarts at 0 with each phase: one bar per phase, never moving backwards in it. */
export function progressReporter(name: string, onProgress: (progress: PrepareProgress) => void): InitProgressCallback {
  let phase: string | undefined;
  let progress = 0;
  return (report) => {
    const next = phaseOf(report.text, name);
    if (next !== phase) {
      phase = next;
      progress = 0;
    }
    // Downloads run four at a time and report out of order; an empty model gives NaN.
    // Not Math.max(report.progress, 0): a NaN report must count as 0.
    const reported = Number.isNaN(report.progress) ? 0 : Math.max(report.progress, 0);
    progress = Math.max(progress, Math.min(1, reported));
    onProgress({ progress, phase });
  };
}

/** Phases from the texts web-llm 0.2.86 (and its tvmjs runtime) report. */
function phaseOf(text: string, name: string): string {
  if (text.startsWith('Fetching param cache')) return `Downloading ${name}`;
  if (text.startsWith('Loading model from cache')) return `Loading ${name} onto the GPU`;
  if (text.startsWith('Loading GPU shader modules')) return `Preparing the GPU for ${name}`;
  if (text.startsWith('Finish loading')) return `${name} is ready`;
  return `Loading ${name}`;
}
