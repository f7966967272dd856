import type { ChatMessage, CpuModel, EngineFinish } from '../contracts/engine';
import type { Engine } from '../engines/engine';
import { InklingError, isAbortError } from '../contracts/errors';
import type { GenerationResult } from '../contracts/result';
import type { GenerateOptions, ServerMessage } from '../contracts/protocol';
import { createCoalescer, DEFAULT_DELTA_INTERVAL_MS, SHOWN_AFTER_CHARS } from '../rpc/coalescer';
import type { EventsOf, RequestContext } from '../rpc/server';
import { computeMetrics } from './metrics';

/** What a surface request's handler sends before its end: deltas today, more kinds as they are added. */
export type RequestEvent = EventsOf<ServerMessage>;

export interface GenerationRequest {
  engine: Engine;
  messages: ChatMessage[];
  conversationId?: string;
  options: GenerateOptions;
  /** Ask for an answer that quotes its sources. */
  quoted?: boolean;
  now?: () => number;
  /** When the request arrived, so that time to first token includes the wait for an engine. */
  startedAt?: number;
  /** The model the conversation chose, for an engine that can switch (the CPU engine). */
  modelChoice?: CpuModel;
}

/**
 * Runs one request on an engine and emits its deltas. Resolves with the result, or rejects with an
 * InklingError, exactly once: at the engine's end, its error, or the context's abort, whichever
 * comes first. An abort resolves at once as 'cancelled' with the text sent so far; nothing follows.
 * An abort before the start resolves so without starting the engine.
 */
export function generate(request: GenerationRequest, context: Pick<RequestContext<RequestEvent>, 'signal' | 'emit'>) {
  const { engine, now = () => performance.now() } = request;
  const { deltaIntervalMs = DEFAULT_DELTA_INTERVAL_MS, ...sampling } = request.options;
  const startedAt = request.startedAt ?? now();
  const stop = new AbortController();
  let firstTokenAt: number | undefined;
  let sentText = '';
  // Gathered once, where the engine runs: a second gathering here would only add a delay.
  const coalescer = createCoalescer(
    engine.gathersDeltas ? 0 : deltaIntervalMs,
    (text) => {
      sentText += text;
      context.emit({ type: 'delta', text });
    },
    undefined,
    // An engine in the background (the built-in one, your server) may open with a lone quote too.
    { atOnceUntilChars: SHOWN_AFTER_CHARS },
  );

  const result = (engineFinish: Partial<EngineFinish>): GenerationResult => ({
    text: sentText,
    engine: engine.id,
    engineLabel: engine.label,
    model: request.modelChoice?.name ?? engine.model,
    finishReason: engineFinish.finishReason ?? 'cancelled',
    ...computeMetrics({ startedAt, firstTokenAt, endedAt: now() }, sentText, engineFinish),
    ...(engineFinish.notice !== undefined && { notice: engineFinish.notice }),
  });

  return new Promise<GenerationResult>((resolve, reject) => {
    let ended = false;
    /** True for the first end only: every way out goes through here. */
    const end = () => {
      const first = !ended;
      ended = true;
      context.signal.removeEventListener('abort', cancel);
      return first;
    };
    const cancel = () => {
      if (!end()) return;
      coalescer.drop();
      resolve(result({ finishReason: 'cancelled' }));
      stop.abort();
    };
    if (context.signal.aborted) return cancel();
    context.signal.addEventListener('abort', cancel, { once: true });

    void (async () => {
      let generator: AsyncGenerator<string, EngineFinish, undefined> | undefined;
      try {
        const { messages, conversationId, modelChoice, quoted } = request;
        generator = engine.stream({
          messages,
          conversationId,
          ...(quoted && { quoted }),
          options: sampling,
          deltaIntervalMs,
          ...(modelChoice && { modelChoice }),
          signal: stop.signal,
          // Where the engine can tell: a long input (a page) takes a while to read before it answers.
          onReading(fraction) {
            if (firstTokenAt === undefined && !ended) {
              context.emit({ type: 'progress', text: `Reading… ${Math.round(fraction * 100)}%` });
            }
          },
        });
        for (;;) {
          const step = await generator.next();
          if (ended) break;
          if (step.done) {
            coalescer.flush();
            if (end()) resolve(result(step.value));
            break;
          }
          firstTokenAt ??= now();
          coalescer.push(step.value);
        }
      } catch (error) {
        if (ended) return;
        coalescer.flush();
        if (end()) reject(toInklingError(error, engine.label));
      } finally {
        // After a cancel the engine may still be inside its stream: returning runs its cleanup now.
        if (stop.signal.aborted) await generator?.return({ finishReason: 'cancelled' }).catch(() => {});
      }
    })();
  });
}

function toInklingError(error: unknown, engineLabel: string): InklingError {
  if (error instanceof InklingError) return error;
  if (isAbortError(error)) return new InklingError('engine-failed', `${engineLabel} stopped unexpectedly. Send again.`);
  const detail = error instanceof Error ? error.message : String(error);
  return new InklingError('engine-failed', `${engineLabel} failed: ${detail}`);
}
