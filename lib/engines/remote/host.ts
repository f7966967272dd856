import { InklingError, isAbortError } from '../../contracts/errors';
import type { EngineFinish, HostedEngineId } from '../../contracts/engine';
import type { Settings } from '../../settings/settings';
import { createCoalescer, DEFAULT_DELTA_INTERVAL_MS, SHOWN_AFTER_CHARS } from '../../rpc/coalescer';
import { post, type PortLike } from '../../rpc/port';
import { serveRpc, type RequestContext, type RequestHandlers } from '../../rpc/server';
import type { Engine } from '../engine';
import type { PageText } from '../../contracts/page';
import { ToHostSchema, type HostEvent, type HostResult, type ToHost } from './protocol';

export interface EngineHostOptions {
  /** A host may serve only some of them (the CPU engine's worker serves just that one). */
  engines: Partial<Record<HostedEngineId, Engine>>;
  onConfigure(settings: Settings): void;
  /** Minutes without a call after which the host says it is idle; read at each idle start. */
  idleMinutes(): number;
  /** The offscreen document also reads PDFs for the background: pdfjs-dist needs a page. */
  readPdf?(url: string): Promise<PageText>;
}

type Of<K> = Extract<ToHost, { type: K }>;

/**
 * The offscreen document's side: runs the engines' methods for the background and sends back
 * progress, deltas (gathered per frame) and results. A background that goes away (service worker
 * restart) aborts its calls, so the engines are free for the next one.
 */
export function serveEngines(port: PortLike, { engines, onConfigure, idleMinutes, readPdf }: EngineHostOptions) {
  let running = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const served = (id: HostedEngineId): Engine => {
    const engine = engines[id];
    if (!engine) throw new InklingError('engine-failed', `This engine host does not run ${id}.`);
    return engine;
  };

  /** Counts a call as running, for the idle time that starts once none is. */
  const tracked =
    <M, C, R>(handler: (message: M, context: C) => Promise<R>) =>
    async (message: M, context: C): Promise<R> => {
      running++;
      clearTimeout(idleTimer);
      try {
        return await handler(message, context);
      } finally {
        if (--running === 0) idleTimer = setTimeout(() => post(port, { type: 'idle' }), idleMinutes() * 60_000);
      }
    };

  const requests = {
    availability: tracked(
      async ({ engine }: Of<'availability'>): Promise<HostResult<'availability'>> => ({
        availability: await served(engine).availability({}),
        model: served(engine).model,
        ...(served(engine).modelSource !== undefined && { modelSource: served(engine).modelSource }),
        context: served(engine).contextInfo(),
      }),
    ),
    prepare: tracked(
      async (
        { engine }: Of<'prepare'>,
        { signal, emit }: RequestContext<HostEvent>,
      ): Promise<HostResult<'prepare'>> => {
        await served(engine).prepare((progress) => emit({ type: 'progress', progress }), signal);
        return { context: served(engine).contextInfo() };
      },
    ),
    stream: tracked(async ({ engine, request }: Of<'stream'>, context: RequestContext<HostEvent>) =>
      streamGathered(served(engine), request, context),
    ),
    'read-pdf': async ({ url }: Of<'read-pdf'>): Promise<HostResult<'read-pdf'>> => {
      if (!readPdf) throw new InklingError('page-unreadable', 'This engine host reads no PDFs.');
      return readPdf(url);
    },
  } satisfies Pick<RequestHandlers<ToHost, HostEvent>, 'availability' | 'prepare' | 'stream' | 'read-pdf'>;

  serveRpc<ToHost, HostEvent>(port, {
    schema: ToHostSchema,
    requests,
    notices: { configure: ({ settings }) => onConfigure(settings) },
    onDisconnect: () => clearTimeout(idleTimer),
  });
}

/**
 * Deltas gathered here, at their source, so that a fast engine sends one port message per frame
 * rather than one per token; the first one and any after a quiet interval go at once. An engine
 * that gathers its own (one in a worker) is sent on as it comes: a second gathering only delays.
 */
async function streamGathered(
  engine: Engine,
  { deltaIntervalMs = DEFAULT_DELTA_INTERVAL_MS, ...request }: Of<'stream'>['request'],
  { signal, emit }: RequestContext<HostEvent>,
): Promise<HostResult<'stream'>> {
  const gathering = engine.gathersDeltas ? 0 : deltaIntervalMs;
  const coalescer = createCoalescer(gathering, (text) => emit({ type: 'delta', text }), undefined, {
    atOnceUntilChars: SHOWN_AFTER_CHARS,
  });
  try {
    const onReading = (progress: number) => emit({ type: 'progress', progress: { progress, phase: 'Reading' } });
    const finish = await forward(
      engine.stream({ ...request, deltaIntervalMs, signal, onReading }),
      coalescer.push,
      signal,
    );
    if (signal.aborted) coalescer.drop();
    else coalescer.flush();
    return { finish, context: engine.contextInfo(request.conversationId) };
  } catch (error) {
    coalescer.drop();
    // An engine may end an aborted stream by throwing AbortError rather than returning.
    if (signal.aborted && isAbortError(error))
      return { finish: { finishReason: 'cancelled' }, context: engine.contextInfo(request.conversationId) };
    throw error;
  }
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
