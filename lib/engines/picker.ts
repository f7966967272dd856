import type { Availability, Engine, EngineId } from './engine';

export interface EngineReport {
  id: EngineId;
  label: string;
  model: string;
  availability: Availability;
}

export interface EngineChoice {
  /** The first engine, in order of preference, that can run (perhaps after a download). */
  engine?: Engine;
  reports: EngineReport[];
}

/**
 * Asks the engines in order of preference which can run here. The answer is cached, since asking
 * can be slow (a GPU adapter, a model cache); it is asked again when something changes.
 */
export class EnginePicker {
  private choice?: Promise<EngineChoice>;

  constructor(private readonly engines: readonly Engine[]) {}

  pick({ refresh = false } = {}): Promise<EngineChoice> {
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

  invalidate(): void {
    this.choice = undefined;
  }

  private async ask(): Promise<EngineChoice> {
    const reports = await Promise.all(
      this.engines.map(async (engine) => ({
        id: engine.id,
        label: engine.label,
        model: engine.model,
        availability: await engine.availability({}),
      })),
    );
    const first = reports.findIndex((report) => report.availability.state !== 'unavailable');
    return { engine: first === -1 ? undefined : this.engines[first], reports };
  }
}
