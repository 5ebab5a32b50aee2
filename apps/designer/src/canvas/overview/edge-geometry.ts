/**
 * The zoomed-out overview's connection geometry: where a connection leaves and enters a light box,
 * and the same cubic Bézier React Flow's `getBezierPath` draws (source on the right, target on the
 * left, curvature 0.25), so connections keep their shape when the view crosses DETAIL_MIN_ZOOM.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Start, two control points and end, in flow coordinates. */
export interface Curve {
  sx: number;
  sy: number;
  c1x: number;
  c1y: number;
  c2x: number;
  c2y: number;
  tx: number;
  ty: number;
}

/** React Flow's default curvature for Bézier edges. */
export const CURVATURE = 0.25;

/** A light box's outcome handles all sit at the middle of its right side. */
export const sourceAnchor = (b: Box): Point => ({ x: b.x + b.width, y: b.y + b.height / 2 });
/** Its input handle sits at the middle of its left side. */
export const targetAnchor = (b: Box): Point => ({ x: b.x, y: b.y + b.height / 2 });

/** @xyflow/system's `calculateControlOffset`. */
function controlOffset(distance: number, curvature: number): number {
  return distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance);
}

/** The curve from a source handle facing right to a target handle facing left. */
export function bezierBetween(s: Point, t: Point, curvature = CURVATURE): Curve {
  // Right-facing source: x1 + offset(x2 - x1); left-facing target: x1 - offset(x1 - x2) with the
  // target as x1, the same distance.
  const offset = controlOffset(t.x - s.x, curvature);
  return { sx: s.x, sy: s.y, c1x: s.x + offset, c1y: s.y, c2x: t.x - offset, c2y: t.y, tx: t.x, ty: t.y };
}

/** The curve between two boxes, from the source's right side to the target's left side. */
export const curveBetween = (source: Box, target: Box): Curve => bezierBetween(sourceAnchor(source), targetAnchor(target));

/** A box holding the curve (the hull of its four points holds a Bézier). */
export function curveBounds(c: Curve): Box {
  const minX = Math.min(c.sx, c.c1x, c.c2x, c.tx);
  const maxX = Math.max(c.sx, c.c1x, c.c2x, c.tx);
  const minY = Math.min(c.sy, c.c1y, c.c2y, c.ty);
  const maxY = Math.max(c.sy, c.c1y, c.c2y, c.ty);
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Whether the curve may cross the rectangle (false only when its bounding box is wholly outside). */
export function curveMayCross(c: Curve, r: Box): boolean {
  const right = r.x + r.width;
  const bottom = r.y + r.height;
  if (Math.max(c.sx, c.c1x, c.c2x, c.tx) < r.x || Math.min(c.sx, c.c1x, c.c2x, c.tx) > right) return false;
  return !(Math.max(c.sy, c.c1y, c.c2y, c.ty) < r.y || Math.min(c.sy, c.c1y, c.c2y, c.ty) > bottom);
}

/** The part of the flow a viewport `[x, y, zoom]` shows on a screen of this size. */
export function visibleFlowRect([x, y, zoom]: readonly [number, number, number], width: number, height: number): Box {
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}
