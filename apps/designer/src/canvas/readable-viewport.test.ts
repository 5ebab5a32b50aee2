import { describe, expect, it } from 'vitest';
import { boundsOfBoxes, readableViewport, READABLE_MIN_ZOOM, viewportSteps } from './readable-viewport';

const SCREEN = { width: 1280, height: 800 };
const box = (x: number, y: number) => ({ x, y, width: 190, height: 80 });
/** A grid of `cols` × `rows` steps, 240 × 140 px apart (the bench's generated graph). */
const grid = (cols: number, rows: number) => Array.from({ length: cols * rows }, (_, i) => box((i % cols) * 240, Math.floor(i / cols) * 140));
const shownCount = (v: { x: number; y: number; zoom: number }, boxes: ReturnType<typeof grid>) => {
  const r = { x: -v.x / v.zoom, y: -v.y / v.zoom, w: SCREEN.width / v.zoom, h: SCREEN.height / v.zoom };
  return new Set(boxes.flatMap((b, i) => (b.x < r.x + r.w && b.x + b.width > r.x && b.y < r.y + r.h && b.y + b.height > r.y ? [i] : [])));
};

describe('readableViewport', () => {
  it('fits a graph that fits at a readable zoom, centred', () => {
    const v = readableViewport({ bounds: { x: 0, y: 0, width: 600, height: 300 }, ...SCREEN });
    expect(v.zoom).toBe(1);
    expect(v.x + 300 * v.zoom).toBeCloseTo(SCREEN.width / 2);
    expect(v.y + 150 * v.zoom).toBeCloseTo(SCREEN.height / 2);
  });

  it('keeps a large graph readable and opens on its Start step, at the left edge and vertically centred', () => {
    const start = { x: 5_000, y: 2_040 };
    const v = readableViewport({ bounds: { x: 0, y: 0, width: 20_000, height: 9_000 }, start, ...SCREEN });
    expect(v.zoom).toBe(READABLE_MIN_ZOOM);
    expect(start.x * v.zoom + v.x).toBe(32);
    expect(start.y * v.zoom + v.y).toBe(SCREEN.height / 2);
  });

  it('opens on the top-left corner of a large graph without a Start step', () => {
    const v = readableViewport({ bounds: { x: 100, y: 50, width: 20_000, height: 9_000 }, ...SCREEN });
    expect(100 * v.zoom + v.x).toBe(32);
    expect(50 * v.zoom + v.y).toBeCloseTo(32);
  });
});

describe('boundsOfBoxes', () => {
  it('spans every box', () => {
    expect(boundsOfBoxes([box(0, 0), box(500, -20), box(100, 300)])).toEqual({ x: 0, y: -20, width: 690, height: 400 });
    expect(boundsOfBoxes([])).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('viewportSteps', () => {
  const boxes = grid(64, 32); // 2,048 steps
  const zoomedOut = { x: 0, y: 0, zoom: 0.1 }; // shows most of the grid
  const readable = { x: -100, y: -50, zoom: 0.75 }; // a few dozen steps near the top-left corner

  it('ends on the target and never draws or removes more than the budget in one step', () => {
    const budget = 300;
    const steps = viewportSteps(zoomedOut, readable, boxes, SCREEN, budget);
    expect(steps.at(-1)).toEqual(readable);
    expect(steps.length).toBeGreaterThan(2);
    let shown = shownCount(zoomedOut, boxes);
    expect(shown.size).toBeGreaterThan(1_500);
    for (const step of steps) {
      const next = shownCount(step, boxes);
      const churn = [...shown].filter((i) => !next.has(i)).length + [...next].filter((i) => !shown.has(i)).length;
      expect(churn).toBeLessThanOrEqual(budget);
      shown = next;
    }
  });

  it('goes straight to the target when the jump is within budget', () => {
    expect(viewportSteps(readable, { ...readable, x: -300 }, boxes, SCREEN, 300)).toEqual([{ ...readable, x: -300 }]);
  });

  it('still ends on the target when one step cannot stay within budget', () => {
    const steps = viewportSteps(zoomedOut, readable, boxes, SCREEN, 0);
    expect(steps.at(-1)).toEqual(readable);
    expect(steps.length).toBeLessThanOrEqual(16);
  });
});
