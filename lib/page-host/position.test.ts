import { describe, expect, it } from 'vitest';
import { isOutOfView, placeInCorner, placeNear } from './position';

const viewport = { width: 1000, height: 800 };
const toolbar = { width: 300, height: 36 };

describe('placeNear', () => {
  it('puts the toolbar above the selection, centred on it', () => {
    const placement = placeNear({ left: 400, top: 300, width: 200, height: 20 }, toolbar, viewport, 'above');
    expect(placement.left).toBe(350);
    expect(placement.bottom).toBe(800 - 300 + 8);
    expect(placement.top).toBeUndefined();
  });

  it('goes below when there is no room above, and stays inside the viewport', () => {
    const placement = placeNear({ left: 950, top: 10, width: 40, height: 20 }, toolbar, viewport, 'above');
    expect(placement.top).toBe(38);
    expect(placement.left).toBe(1000 - 300 - 8);
  });

  it('keeps a box inside the viewport at the left edge and when the selection is out of view', () => {
    expect(placeNear({ left: -50, top: 400, width: 20, height: 20 }, toolbar, viewport, 'above').left).toBe(8);
    const below = placeNear(
      { left: 100, top: 2000, width: 20, height: 20 },
      { width: 300, height: 280 },
      viewport,
      'below',
    );
    const top = below.top ?? 800 - below.bottom! - 280;
    expect(top).toBeGreaterThanOrEqual(8);
    expect(top + 280).toBeLessThanOrEqual(800 - 8);
  });

  it('puts the card below the selection with the room left as its limit', () => {
    const placement = placeNear(
      { left: 100, top: 100, width: 200, height: 40 },
      { width: 440, height: 280 },
      viewport,
      'below',
    );
    expect(placement.top).toBe(148);
    expect(placement.room).toBe(800 - 148 - 8);
  });
});

describe('placeInCorner / isOutOfView', () => {
  it('puts a card without a selection in the top-right corner', () => {
    expect(placeInCorner({ width: 440, height: 280 }, viewport)).toMatchObject({ left: 1000 - 440 - 16, top: 16 });
  });

  it('tells a rectangle scrolled away from one still in view', () => {
    expect(isOutOfView({ left: 10, top: -50, width: 100, height: 20 }, viewport)).toBe(true);
    expect(isOutOfView({ left: 10, top: 900, width: 100, height: 20 }, viewport)).toBe(true);
    expect(isOutOfView({ left: 10, top: -10, width: 100, height: 20 }, viewport)).toBe(false);
  });
});
