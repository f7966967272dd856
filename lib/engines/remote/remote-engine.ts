import { createDeltaQueue } from '../../rpc/delta-queue';
import type { Availability, EngineFinish, PrepareProgress, SamplingOptions } from '../../contracts/engine';
import type { ContextInfo, Engine, EngineRequest } from '../engine';
import type { HostClient } from './host-client';
import type { HostedEngineId } from '../../contracts/engine';

/** An engine that runs in the offscreen document, seen from the background through the host client. */
export class RemoteEngine implements Engine {
  constructor(
    readonly id: HostedEngineId,
    readonly label: string,
    public model: string,
    private readonly host: HostClient,
  ) {}

  async availability(_options: SamplingOptions): Promise<Availability> {
    try {
      const reply = await this.host.request({ type: 'availability', engine: this.id });
      if (reply.type !== 'availability') throw new Error(`Unexpected reply ${reply.type}`);
      this.model = reply.model;
      return reply.availability;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { state: 'unavailable', reason: `Its engine page could not start: ${detail}`, remedy: 'Reload the extension from chrome://extensions.' };
    }
  }

  async prepare(onProgress: (progress: PrepareProgress) => void, signal: AbortSignal): Promise<void> {
    await this.host.request({ type: 'prepare', engine: this.id }, { onProgress, signal });
  }

  async *stream(request: EngineRequest): AsyncGenerator<string, EngineFinish, undefined> {
    const stop = new AbortController();
    const signal = AbortSignal.any([request.signal, stop.signal]);
    const queue = createDeltaQueue(() => stop.abort());
    const finished = this.host
      .request(
        { type: 'stream', engine: this.id, request: { messages: request.messages, conversationId: request.conversationId, options: request.options } },
        { onDelta: (text) => queue.push(text), signal },
      )
      .then(
        (reply) => {
          queue.end();
          return reply;
        },
        (error: unknown) => {
          queue.fail(error);
          throw error;
        },
      );
    finished.catch(() => {});
    yield* queue.iterable;
    const reply = await finished;
    if (reply.type !== 'finish') throw new Error(`Unexpected reply ${reply.type}`);
    return reply.finish;
  }

  /** The hosted engine's context stays in the offscreen document: nothing here needs it. */
  contextInfo(): ContextInfo {
    return {};
  }
}
