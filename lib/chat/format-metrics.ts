import { engineAndModel } from '../ui/engine-name';
import type { GenerationResult } from '../contracts/result';

/** The line under an answer: time to first token, speed, size, and who wrote it. */
export function formatMetrics(result: GenerationResult): string {
  // The surface's own figure where it has one; answers stored before it was measured have only the background's.
  const firstTokenMs = result.clientTimeToFirstTokenMs ?? result.timeToFirstTokenMs;
  const parts = [
    firstTokenMs === undefined ? 'no tokens' : `first token ${formatMs(firstTokenMs)}`,
    `${result.tokensPerSecond.toFixed(1)} tokens/s`,
    `${result.tokensEstimated ? '~' : ''}${result.tokensUsed} tokens`,
    // Said only when the engine reused what it had read of the conversation before.
    ...(result.inputTokens !== undefined &&
    result.inputTokensRead !== undefined &&
    result.inputTokensRead < result.inputTokens
      ? [`${result.inputTokensRead} of ${result.inputTokens} prompt tokens read`]
      : []),
    // Every answer says which engine and model wrote it.
    engineAndModel(result.engineLabel, result.model),
  ];
  if (result.finishReason === 'cancelled') parts.unshift('Stopped');
  if (result.finishReason === 'length') parts.unshift('Cut at the token limit');
  return parts.join(' · ');
}

function formatMs(ms: number): string {
  return ms < 999.5 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
