/** Tokens per second from the first token on: the first one costs the wait, the others the stream. */
export const rate = (tokens: number, firstAt: number, lastAt: number) => ((tokens - 1) * 1000) / (lastAt - firstAt);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "median 0.93 (0.61–1.22)": the median and the range of a bench's trials. */
export function spread(values: number[], digits: number, unit = ''): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (value: number) => value.toFixed(digits);
  return `median ${f(median(values))}${unit} (${f(sorted[0]!)}–${f(sorted.at(-1)!)}${unit})`;
}
