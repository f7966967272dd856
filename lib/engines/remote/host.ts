import * as v from 'valibot';
import { InklingError, isAbortError } from '../../contracts/errors';
import type { Settings } from '../../settings/settings';
import { post, type PortLike } from '../../rpc/port';
import type { Engine } from '../engine';
import type { EngineFinish } from '../../contracts/engine';
import type { HostedEngineId } from '../../contracts/engine';
import { ToHostSchema, type FromHost, type ToHost } from './protocol';

export interface EngineHostOptions {
  engines: Record<HostedEngineId, Engine>;
  onConfigure(settings: Settings): void;
  /** Minutes without a call after which the host says it is idle; read at each idle start. */
  idleMinutes(): number;
}

/**
 * The offscreen document's side: runs the engines' methods for the background and sends back
 * progress, deltas and results. A background that goes away (service worker restart) aborts its
 * calls, so the engines are free for the next one.
 */
export function serveEngines(port: PortLike, { engines, onConfigure, idleMinutes }: EngineHostOptions) {
  const running = new Map<number, AbortController>();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const send = (message: FromHost) => post(port, message);

  const busy = () => clearTimeout(idleTimer);
  const settled = (call: number) => {
    running.delete(call);
    if (running.size === 0) idleTimer = setTimeout(() => send({ type: 'idle' }), idleMinutes() * 60_000);
  };

  async function run(message: Exclude<ToHost, { type: 'configure' | 'abort' }>) {
    const { call } = message;
    const engine = engines[message.engine];
    const controller = new AbortController();
    running.set(call, controller);
    busy();
    try {
      switch (message.type) {
        case 'availability':
          send({ type: 'availability', call, availability: await engine.availability({}), model: engine.model });
          break;
        case 'prepare':
          await engine.prepare((progress) => send({ type: 'progress', call, progress }), controller.signal);
          send({ type: 'prepared', call });
          break;
        case 'stream': {
          const { request } = message;
          const finish = await forward(engine.stream({ ...request, signal: controller.signal }), (text) => send({ type: 'delta', call, text }), controller.signal);
          send({ type: 'finish', call, finish });
          break;
        }
      }
    } catch (error) {
      // An engine may end an aborted stream by throwing AbortError rather than returning.
      if (message.type === 'stream' && controller.signal.aborted && isAbortError(error)) {
        send({ type: 'finish', call, finish: { finishReason: 'cancelled' } });
        return;
      }
      send({
        type: 'error',
        call,
        name: error instanceof Error ? error.name : 'Error',
        ...(error instanceof InklingError && { code: error.code }),
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      settled(call);
    }
  }

  port.onMessage.addListener((data) => {
    const parsed = v.safeParse(ToHostSchema, data);
    if (!parsed.success) {
      console.error('Inkling engine host: a message it does not understand', parsed.issues[0].message);
      return;
    }
    const message = parsed.output;
    if (message.type === 'configure') onConfigure(message.settings);
    else if (message.type === 'abort') running.get(message.call)?.abort();
    else void run(message);
  });

  port.onDisconnect.addListener(() => {
    busy();
    for (const controller of running.values()) controller.abort();
  });
}

/** Sends each delta on; after an abort, returns the generator so that the engine stops at once. */
async function forward(
  generator: AsyncGenerator<string, EngineFinish, undefined>,
  send: (text: string) => void,
  signal: AbortSignal,
): Promise<EngineFinish> {
  const onAbort = () => void generator.return({ finishReason: 'cancelled' }).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const step = await generator.next();
      if (step.done) return step.value ?? { finishReason: 'cancelled' };
      if (signal.aborted) return { finishReason: 'cancelled' };
      send(step.value);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
