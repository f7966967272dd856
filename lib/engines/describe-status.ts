import type { EngineStatus } from '../contracts/engine';
import { formatBytes } from '../ui/format-bytes';
import type { EngineId } from '../contracts/engine';
import { engineAndModel } from '../ui/engine-name';
import { NOT_CHOSEN_REASON } from './picker';

export interface EngineRow {
  id: EngineId;
  label: string;
  model: string;
  active: boolean;
  /** Ready, what it must download, or why it cannot run and what to do. */
  text: string;
  canDownload: boolean;
}

export interface StatusView {
  tone: 'ready' | 'action' | 'busy' | 'blocked';
  headline: string;
  engines: EngineRow[];
  progress?: { value: number; phase: string; engine?: EngineId };
}

/** The engine status in plain words, for every surface that shows it. */
export function describeStatus(status: EngineStatus): StatusView {
  const preparing = status.preparing;
  const engines = status.engines.map((engine): EngineRow => {
    const { availability } = engine;
    const base = { id: engine.id, label: engine.label, model: engine.model, active: engine.id === status.active?.id };
    switch (availability.state) {
      case 'available':
        return {
          ...base,
          text: `Ready: ${engine.model}${availability.detail ? `, ${availability.detail}` : ''}.`,
          canDownload: false,
        };
      case 'downloadable':
        return { ...base, text: availability.detail, canDownload: !preparing };
      case 'downloading':
        return { ...base, text: availability.detail, canDownload: false };
      default:
        return { ...base, text: `${availability.reason} ${availability.remedy}`, canDownload: false };
    }
  });

  if (preparing) {
    const bytes =
      preparing.loadedBytes !== undefined
        ? ` (${formatBytes(preparing.loadedBytes)}` +
          `${preparing.totalBytes ? ` of ${formatBytes(preparing.totalBytes)}` : ''})`
        : '';
    return {
      tone: 'busy',
      headline: `${preparing.phase}… ${Math.round(preparing.progress * 100)}%${bytes}`,
      engines,
      progress: {
        value: preparing.progress,
        phase: preparing.phase,
        ...(preparing.engine && { engine: preparing.engine }),
      },
    };
  }
  const active = status.engines.find((engine) => engine.id === status.active?.id);
  if (!active) return { tone: 'blocked', headline: 'No engine can run in this browser.', engines };
  const before = passedOver(status);
  switch (active.availability.state) {
    case 'downloadable':
      return { tone: 'action', headline: `${before}${active.label} needs a one-time download.`, engines };
    case 'downloading':
      return { tone: 'busy', headline: `${before}${active.label} is downloading…`, engines };
    default: {
      const headline = `${before}Answering with ${engineAndModel(active.label, active.model)}.`;
      return { tone: 'ready', headline, engines };
    }
  }
}

/**
 * The user's server, set up for a reason, that does not answer: say so before naming the engine that
 * answers instead (its row says why).
 */
function passedOver(status: EngineStatus): string {
  const server = status.engines.find((engine) => engine.id === 'server');
  if (!server || server.id === status.active?.id || server.availability.state !== 'unavailable') return '';
  return server.availability.reason === NOT_CHOSEN_REASON ? '' : `${server.label} does not answer. `;
}
