import { createDeltaQueue } from '../../rpc/delta-queue';
import { errorMessage } from '../../contracts/errors';
import { EXTENSIONS_PAGE } from '../../browser/browser-pages';
import type {
  Availability,
  EngineFinish,
  HostedEngineId,
  PrepareProgress,
  SamplingOptions,
} from '../../contracts/engine';
import type { ContextInfo, Engine, EngineRequest } from '../engine';
import type { HostClient } from './host-client';

/** An engine that runs in the offscreen document, seen from the background through the host client. */
export class RemoteEngine implements Engine {
  /** The host gathers the deltas per frame before they cross to the background. */
  readonly gathersDeltas = true;

  /** Named by the host with its availability: none until then. */
  model = '';
  modelSource?: string;
  private context: ContextInfo = {};

  constructor(
    readonly id: HostedEngineId,
    readonly label: string,
    private readonly host: HostClient,
  ) {}

  async availability(_options: SamplingOptions): Promise<Availability> {
    try {
      const { availability, model, modelSource, context } = await this.host.request({
        type: 'availability',
        engine: this.id,
      });
      this.model = model;
      this.modelSource = modelSource;
      this.context = context;
      return availability;
    } catch (error) {
      return {
        state: 'unavailable',
        reason: `Its engine page could not start: ${errorMessage(error)}`,
        remedy: `Reload the extension from ${EXTENSIONS_PAGE}.`,
      };
    }
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    const onEvent = (event: { type: string; progress?: PrepareProgress }) =>
      event.progress && onProgress(event.progress);
    try {
      ({ context: this.context } = await this.host.request({ type: 'prepare', engine: this.id }, { onEvent, signal }));
    } catch (error) {
      // A cancelled download ends as every engine's does: with the signal's AbortError.
      signal.throwIfAborted();
      throw error;
    }
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    const queue = createDeltaQueue(() => stop.abort());
    const { messages, conversationId, options, deltaIntervalMs, modelChoice, quoted } = request;
    const finished = this.host
      .request(
        {
          type: 'stream',
          engine: this.id,
          request: {
            messages,
            conversationId,
            options,
            ...(deltaIntervalMs !== undefined && { deltaIntervalMs }),
            ...(modelChoice && { modelChoice }),
            ...(quoted && { quoted }),
          },
        },
        {
          onEvent(event) {
            if (event.type === 'delta') queue.push(event.text);
            else if (event.type === 'progress') request.onReading?.(event.progress.progress);
          },
          signal,
        },
      )
      .then(
        ({ finish, context }) => {
          this.context = context;
          queue.end();
          return finish;
        },
        (error: unknown) => {
          queue.fail(error);
          throw error;
        },
      );
    finished.catch(() => {});
    yield* queue.iterable;
    return await finished;
  }

  /** As the host last told it, with its availability, its loading or its last answer. */
  contextInfo(): ContextInfo {
    return this.context;
  }
}
