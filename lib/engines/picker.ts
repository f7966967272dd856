import type { Availability, EngineId } from '../contracts/engine';
import type { Engine } from './engine';

export interface EngineReport {
  id: EngineId;
  label: string;
  model: string;
  availability: Availability;
}

/** Why an engine the user did not choose is not asked; the status tells it from a real failure. */
export const NOT_CHOSEN_REASON = 'Not chosen in Inkling’s settings.';

export interface EngineChoice {
  /** The engine that answers: the first one ready, else the first that can be made ready. */
  engine?: Engine;
  reports: EngineReport[];
}

export interface PickerOptions {
  /** Which engines may answer: all, in order of preference ('auto'), or only the one the user chose. */
  preference?: () => Promise<EngineId | 'auto'> | EngineId | 'auto';
}

/**
 * Asks the engines in order of preference which can run here. The answer is cached, since asking
 * can be slow (a GPU adapter, a model cache); it is asked again when something changes.
 */
export class EnginePicker {
  private choice?: Promise<EngineChoice>;
  /**
   * Engines that failed while loading or running, and the model they failed with: the next engine
   * takes over until the user retries or gives the engine another model.
   */
  private readonly failures = new Map<EngineId, { reason: string; model: string }>();

  constructor(
    private readonly engines: readonly Engine[],
    private readonly options: PickerOptions = {},
  ) {}

  /** `refresh` asks the engines again; `retryFailed` also gives engines that failed another chance. */
  pick({ refresh = false, retryFailed = false } = {}): Promise<EngineChoice> {
    if (retryFailed && this.failures.size > 0) {
      this.failures.clear();
      refresh = true;
    }
    if (refresh || !this.choice) {
      const choice = this.ask();
      this.choice = choice;
      // A failed question is not worth remembering (unless a newer one took its place already).
      choice.catch(() => {
        if (this.choice === choice) this.choice = undefined;
      });
    }
    return this.choice;
  }

  engine(id: EngineId): Engine | undefined {
    return this.engines.find((engine) => engine.id === id);
  }

  invalidate(): void {
    this.choice = undefined;
  }

  markFailed(id: EngineId, reason: string): void {
    const engine = this.engine(id);
    this.failures.set(id, { reason, model: engine ? modelOf(engine) : '' });
    this.invalidate();
  }

  private async ask(): Promise<EngineChoice> {
    const preference = (await this.options.preference?.()) ?? 'auto';
    const engines = this.engines.filter((engine) => engine.isSetUp?.() ?? true);
    const reports: EngineReport[] = await Promise.all(
      engines.map(async (engine) => {
        const availability = await this.availabilityOf(engine, preference);
        // Read after asking: an engine's model may depend on what it found (a GPU's features).
        return { id: engine.id, label: engine.label, model: engine.model, availability };
      }),
    );
    const ready = reports.findIndex((report) => report.availability.state === 'available');
    const possible = reports.findIndex((report) => report.availability.state !== 'unavailable');
    const chosen = ready === -1 ? possible : ready;
    return { engine: chosen === -1 ? undefined : engines[chosen], reports };
  }

  private async availabilityOf(engine: Engine, preference: EngineId | 'auto'): Promise<Availability> {
    if (preference !== 'auto' && preference !== engine.id) {
      return {
        state: 'unavailable',
        reason: NOT_CHOSEN_REASON,
        remedy: 'Set Engine to Auto in the options to use it.',
      };
    }
    const failure = this.failures.get(engine.id);
    if (!failure) return engine.availability({});
    // Asked first: a hosted engine learns its current model with its availability.
    const availability = await engine.availability({});
    if (failure.model !== modelOf(engine)) {
      this.failures.delete(engine.id);
      return availability;
    }
    return {
      state: 'unavailable',
      reason: `It failed: ${failure.reason}`,
      remedy: 'Reopen the side panel to try it again.',
    };
  }
}

const modelOf = (engine: Engine) => engine.modelSource ?? engine.model;
