import { clamp } from '../math/clamp';
import type { RectLike } from './selection';

export interface Size {
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  /** Set when the box hangs down from its top edge. */
  top?: number;
  /** Set when the box grows upwards from its bottom edge (distance from the viewport's bottom). */
  bottom?: number;
  /** The room the box has in that direction, for a max-height. */
  room: number;
}

const GAP = 8;
const MARGIN = 8;

/**
 * Where to put a box of `size` next to `anchor` (the selection), inside the viewport: on the
 * preferred side when it fits there, else on the side with more room. A box above the anchor is
 * placed by its bottom edge, so that it grows upwards as an answer streams in.
 */
export function placeNear(anchor: RectLike, size: Size, viewport: Size, prefer: 'above' | 'below'): Placement {
  const left = clamp(anchor.left + anchor.width / 2 - size.width / 2, MARGIN, viewport.width - size.width - MARGIN);
  const roomAbove = anchor.top - GAP - MARGIN;
  const roomBelow = viewport.height - (anchor.top + anchor.height) - GAP - MARGIN;
  const fitsPreferred = (prefer === 'above' ? roomAbove : roomBelow) >= size.height;
  const side = fitsPreferred ? prefer : roomAbove > roomBelow ? 'above' : 'below';
  if (side === 'above') {
    const bottom = clamp(
      viewport.height - anchor.top + GAP,
      MARGIN,
      viewport.height - MARGIN - Math.min(size.height, viewport.height - 2 * MARGIN),
    );
    return { left, bottom, room: viewport.height - bottom - MARGIN };
  }
  const top = clamp(
    anchor.top + anchor.height + GAP,
    MARGIN,
    viewport.height - MARGIN - Math.min(size.height, viewport.height - 2 * MARGIN),
  );
  return { left, top, room: viewport.height - top - MARGIN };
}

/** The top-right corner, for a card that has no selection to stand next to. */
export function placeInCorner(size: Size, viewport: Size): Placement {
  return {
    left: Math.max(MARGIN, viewport.width - size.width - 2 * MARGIN),
    top: 2 * MARGIN,
    room: viewport.height - 3 * MARGIN,
  };
}

/** True when no part of `rect` is in the viewport. */
export function isOutOfView(rect: RectLike, viewport: Size): boolean {
  return (
    rect.top + rect.height < 0 || rect.top > viewport.height || rect.left + rect.width < 0 || rect.left > viewport.width
  );
}

/** Puts `element` (position: fixed) at `placement`, with a max-height of the room it has. */
export function applyPlacement(element: HTMLElement, placement: Placement, limitHeight: boolean): void {
  const { style } = element;
  style.left = `${Math.round(placement.left)}px`;
  style.top = placement.top === undefined ? '' : `${Math.round(placement.top)}px`;
  style.bottom = placement.bottom === undefined ? '' : `${Math.round(placement.bottom)}px`;
  if (limitHeight) style.maxHeight = `${Math.max(120, Math.round(placement.room))}px`;
}
