import type { EngineStatus } from '../stream/protocol';

export interface StatusView {
  tone: 'ready' | 'action' | 'busy' | 'blocked';
  headline: string;
  /** Why each other engine cannot answer, or what the user can do. */
  details: string[];
  canDownload: boolean;
  progress?: { value: number; phase: string };
}

/** The engine status in plain words, for every surface that shows it. */
export function describeStatus(status: EngineStatus): StatusView {
  const others = status.engines
    .filter((engine) => engine.id !== status.active?.id && engine.availability.state === 'unavailable')
    .map((engine) => (engine.availability.state === 'unavailable' ? `${engine.label}: ${engine.availability.reason}` : ''));

  if (status.preparing) {
    const { progress, phase } = status.preparing;
    return {
      tone: 'busy',
      headline: `${phase}… ${Math.round(progress * 100)}%`,
      details: [],
      canDownload: false,
      progress: { value: progress, phase },
    };
  }
  const active = status.engines.find((engine) => engine.id === status.active?.id);
  if (!active) {
    return {
      tone: 'blocked',
      headline: 'No engine can run in this browser.',
      details: status.engines.map((engine) =>
        engine.availability.state === 'unavailable'
          ? `${engine.label}: ${engine.availability.reason} ${engine.availability.remedy}`
          : engine.label,
      ),
      canDownload: false,
    };
  }
  switch (active.availability.state) {
    case 'downloadable':
      return { tone: 'action', headline: `${active.label} needs a one-time download.`, details: [active.availability.detail, ...others], canDownload: true };
    case 'downloading':
      return { tone: 'busy', headline: `${active.label} is downloading…`, details: [active.availability.detail, ...others], canDownload: false };
    default:
      return { tone: 'ready', headline: `Answering with ${active.label}.`, details: others, canDownload: false };
  }
}
