/**
 * Chrome's `promptStreaming()` yielded the whole answer so far in every chunk until 2025, and deltas
 * since (https://developer.chrome.com/docs/ai/streaming). Turns either kind into deltas. The mode is
 * decided once, on the second chunk: cumulative when it repeats all of the first and adds to it.
 */
export function createDeltaNormalizer(): (chunk: string) => string {
  let mode: 'unknown' | 'delta' | 'cumulative' = 'unknown';
  let soFar = '';
  return (chunk) => {
    if (mode === 'unknown' && soFar !== '') {
      mode = chunk.length > soFar.length && chunk.startsWith(soFar) ? 'cumulative' : 'delta';
    }
    if (mode === 'cumulative') {
      // A cumulative chunk that does not extend what was shown would rewrite it: keep only the new tail.
      if (!chunk.startsWith(soFar)) return '';
      const delta = chunk.slice(soFar.length);
      soFar = chunk;
      return delta;
    }
    soFar += chunk;
    return chunk;
  };
}
