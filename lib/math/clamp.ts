/** `value` within [min, max]; `min` wins when the range is empty (max below min). */
export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}
