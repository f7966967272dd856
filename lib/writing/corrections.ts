import { diffWordsWithSpace } from 'diff';
import type { Correction } from '../contracts/writing';

/**
 * The corrections that turn `original` into `corrected`, word by word: what an engine's corrected
 * text means as the Proofreader API would give it, so that each can be applied on its own. Offsets
 * are in `original`.
 */
export function correctionsBetween(original: string, corrected: string): Correction[] {
  const corrections: Correction[] = [];
  let offset = 0;
  let open: Correction | undefined;
  for (const part of diffWordsWithSpace(original, corrected)) {
    if (part.removed) {
      open ??= { start: offset, end: offset, replacement: '' };
      open.end = offset + part.value.length;
      offset += part.value.length;
    } else if (part.added) {
      open ??= { start: offset, end: offset, replacement: '' };
      open.replacement += part.value;
    } else {
      if (open) corrections.push(open);
      open = undefined;
      offset += part.value.length;
    }
  }
  if (open) corrections.push(open);
  return corrections;
}

/** `text` with the chosen corrections made (their offsets are in `text`). */
export function applyCorrections(text: string, corrections: readonly Correction[]): string {
  let result = text;
  for (const correction of [...corrections].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, correction.start) + correction.replacement + result.slice(correction.end);
  }
  return result;
}
