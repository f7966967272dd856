import type { EngineFinish } from '../contracts/engine';
import { estimateTokens } from '../engines/estimate-tokens';
import type { GenerationResult } from '../contracts/result';

export interface Timings {
  startedAt: number;
  firstTokenAt?: number;
  endedAt: number;
}

type Metrics = Pick<
  GenerationResult,
  | 'inputTokens'
  | 'inputTokensRead'
  | 'tokensUsed'
  | 'tokensEstimated'
  | 'timeToFirstTokenMs'
  | 'latencyMs'
  | 'tokensPerSecond'
>;

/**
 * Time to first token runs from the request's arrival to the engine's first delta, so it includes
 * queueing and session set-up: what the user waits through. Tokens per second is the decode rate,
 * counted from the first token on, so a slow start does not hide a fast engine.
 */
export function computeMetrics(
  { startedAt, firstTokenAt, endedAt }: Timings,
  text: string,
  finish: Partial<EngineFinish>,
): Metrics {
  const tokensEstimated = finish.outputTokens === undefined;
  const tokensUsed = finish.outputTokens ?? estimateTokens(text);
  const latencyMs = endedAt - startedAt;
  const decodeMs = firstTokenAt === undefined ? 0 : endedAt - firstTokenAt;
  const tokensPerSecond =
    decodeMs > 0 && tokensUsed > 1
      ? ((tokensUsed - 1) * 1000) / decodeMs
      : latencyMs > 0
        ? (tokensUsed * 1000) / latencyMs
        : 0;
  return {
    ...(finish.inputTokens !== undefined && { inputTokens: finish.inputTokens }),
    ...(finish.inputTokensRead !== undefined && { inputTokensRead: finish.inputTokensRead }),
    tokensUsed,
    tokensEstimated,
    ...(firstTokenAt !== undefined && { timeToFirstTokenMs: firstTokenAt - startedAt }),
    latencyMs,
    tokensPerSecond,
  };
}
