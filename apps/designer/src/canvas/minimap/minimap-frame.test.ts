import { describe, expect, it } from 'vitest';
import { flowPointAt, miniMapFrame, unionRect, viewRect } from './minimap-frame';

describe('the canvas minimap frame', () => {
  it('holds the steps and the view together', () => {
    expect(unionRect({ x: 0, y: 0, width: 100, height: 50 }, { x: -20, y: 10, width: 60, height: 100 })).toEqual({ x: -20, y: 0, width: 120, height: 110 });
    expect(unionRect(null, { x: 1, y: 2, width: 3, height: 4 })).toEqual({ x: 1, y: 2, width: 3, height: 4 });
  });

  it('keeps proportions: a wide graph fills the width and is centred vertically', () => {
    const frame = miniMapFrame({ x: 0, y: 0, width: 1400, height: 100 }, { width: 150, height: 100 }, 5);
    expect(frame.unitsPerPixel).toBe(10); // 1,400 units over 140 pixels
    expect(frame.width).toBe(1500);
    expect(frame.height).toBe(1000);
    expect(frame.x).toBe(-50);
    expect(frame.y).toBe(-450); // (1,000 − 100) / 2 above the content
  });

  it('a tall graph fills the height', () => {
    const frame = miniMapFrame({ x: 100, y: 0, width: 100, height: 900 }, { width: 150, height: 100 }, 5);
    expect(frame.unitsPerPixel).toBe(10);
    expect(frame.y).toBe(-50);
    expect(frame.x + frame.width / 2).toBe(150); // centred on the content
  });

  it('reads the view from the viewport transform and maps minimap pixels back to the flow', () => {
    expect(viewRect([-200, 100, 0.5], { width: 800, height: 600 })).toEqual({ x: 400, y: -200, width: 1600, height: 1200 });
    const frame = miniMapFrame({ x: 0, y: 0, width: 1400, height: 100 }, { width: 150, height: 100 }, 5);
    expect(flowPointAt(frame, { x: 75, y: 50 })).toEqual({ x: 700, y: 50 });
  });

  it('never divides by zero for an empty or single-point content', () => {
    const frame = miniMapFrame({ x: 5, y: 5, width: 0, height: 0 }, { width: 150, height: 100 });
    expect(Number.isFinite(frame.unitsPerPixel)).toBe(true);
    expect(frame.unitsPerPixel).toBeGreaterThan(0);
  });
});
