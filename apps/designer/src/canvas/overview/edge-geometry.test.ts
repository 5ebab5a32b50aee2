import { describe, expect, it } from 'vitest';
import { getBezierPath, Position } from '@xyflow/react';
import { bezierBetween, curveBetween, curveBounds, curveMayCross, sourceAnchor, targetAnchor, visibleFlowRect, type Curve } from './edge-geometry';

/** React Flow's own path for the same two handles, as numbers. */
function reactFlowCurve(sx: number, sy: number, tx: number, ty: number): number[] {
  const [path] = getBezierPath({ sourceX: sx, sourceY: sy, sourcePosition: Position.Right, targetX: tx, targetY: ty, targetPosition: Position.Left });
  return (path.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
}
const numbers = (c: Curve) => [c.sx, c.sy, c.c1x, c.c1y, c.c2x, c.c2y, c.tx, c.ty];

describe('overview edge geometry', () => {
  it('anchors a connection at the middle of the source box’s right side and the target box’s left side', () => {
    const box = { x: 100, y: 40, width: 190, height: 50 };
    expect(sourceAnchor(box)).toEqual({ x: 290, y: 65 });
    expect(targetAnchor(box)).toEqual({ x: 100, y: 65 });
  });

  it.each([
    ['forwards', 0, 0, 240, 140],
    ['straight across', 10, 20, 400, 20],
    ['backwards (a loop to an earlier step)', 500, 300, 40, -60],
    ['backwards, level', 300, 100, 299, 100],
    ['target directly above', 0, 500, 0, 0],
  ])('draws the curve React Flow draws, %s', (_, sx, sy, tx, ty) => {
    const ours = numbers(bezierBetween({ x: sx, y: sy }, { x: tx, y: ty }));
    const theirs = reactFlowCurve(sx, sy, tx, ty);
    expect(theirs).toHaveLength(8);
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 6));
  });

  it('joins two boxes from right to left', () => {
    const c = curveBetween({ x: 0, y: 0, width: 190, height: 50 }, { x: 240, y: 140, width: 190, height: 50 });
    expect([c.sx, c.sy, c.tx, c.ty]).toEqual([190, 25, 240, 165]);
  });

  it('bounds a curve by its four points, control points included', () => {
    // A backward connection bulges out past both ends.
    const c = bezierBetween({ x: 500, y: 0 }, { x: 0, y: 100 });
    const b = curveBounds(c);
    expect(b.x).toBeLessThan(0);
    expect(b.x + b.width).toBeGreaterThan(500);
    expect([b.y, b.height]).toEqual([0, 100]);
  });

  it('keeps curves that may cross the view and drops those wholly outside it', () => {
    const view = { x: 0, y: 0, width: 1000, height: 600 };
    expect(curveMayCross(bezierBetween({ x: 10, y: 10 }, { x: 200, y: 200 }), view)).toBe(true);
    // Ends outside on both sides, passing through.
    expect(curveMayCross(bezierBetween({ x: -500, y: 300 }, { x: 1500, y: 300 }), view)).toBe(true);
    expect(curveMayCross(bezierBetween({ x: 1200, y: 10 }, { x: 1400, y: 200 }), view)).toBe(false);
    expect(curveMayCross(bezierBetween({ x: 10, y: 700 }, { x: 400, y: 900 }), view)).toBe(false);
    expect(curveMayCross(bezierBetween({ x: -400, y: -300 }, { x: -10, y: -20 }), view)).toBe(false);
  });

  it('turns a viewport into the flow rectangle it shows', () => {
    expect(visibleFlowRect([-100, 50, 0.5], 1000, 600)).toEqual({ x: 200, y: -100, width: 2000, height: 1200 });
  });
});
