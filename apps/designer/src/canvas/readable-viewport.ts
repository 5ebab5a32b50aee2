import { getViewportForBounds, type Rect, type Viewport, type XYPosition } from '@xyflow/react';

/** Below this zoom node titles are no longer readable at normal screen density. */
export const READABLE_MIN_ZOOM = 0.75;
export const MAX_FIT_ZOOM = 1;
export const FIT_PADDING = 0.1;
const MARGIN_PX = 32;

export interface ReadableViewportInput {
  /** The graph's bounds in flow coordinates. */
  bounds: Rect;
  /** Where the run begins (the Start step's left edge, vertically centred), if the graph has one. */
  start?: XYPosition;
  /** The canvas's size on screen, in px. */
  width: number;
  height: number;
}

/**
 * The view a readable fit lands on: the whole graph when it fits at a readable zoom; otherwise
 * readable, on the Start step (left edge, vertically centred) or on the graph's top-left corner.
 * Pure, so a layout can move the view to where it will end before it moves thousands of steps.
 */
export function readableViewport({ bounds, start, width, height }: ReadableViewportInput): Viewport {
  const fitted = getViewportForBounds(bounds, width, height, READABLE_MIN_ZOOM, MAX_FIT_ZOOM, FIT_PADDING);
  const { zoom } = fitted;
  const overflowsX = bounds.width * zoom + 2 * MARGIN_PX > width;
  const overflowsY = bounds.height * zoom + 2 * MARGIN_PX > height;
  if (!overflowsX && !overflowsY) return fitted;
  const anchor = start ?? { x: bounds.x, y: bounds.y + (height / 2 - MARGIN_PX) / zoom };
  return { x: overflowsX ? MARGIN_PX - anchor.x * zoom : fitted.x, y: overflowsY ? height / 2 - anchor.y * zoom : fitted.y, zoom };
}

/** The bounds of boxes placed at `positions` (top-left corners) with the given sizes. */
export function boundsOfBoxes(boxes: readonly { x: number; y: number; width: number; height: number }[]): Rect {
  if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

type Box = { x: number; y: number; width: number; height: number };

const STEP_SEARCH_ROUNDS = 12;
const MAX_STEPS = 16;

/** The part of the flow a viewport shows on a canvas of `size`. */
const shownRect = (v: Viewport, size: { width: number; height: number }): Box => ({ x: -v.x / v.zoom, y: -v.y / v.zoom, width: size.width / v.zoom, height: size.height / v.zoom });

/** `r` moved (not resized) to lie inside `outer` where it can, as near as possible to where it was. */
function insideOf(r: Box, outer: Box): Box {
  const clampTo = (v: number, size: number, lo: number, outerSize: number) => (size > outerSize ? v : Math.min(Math.max(v, lo), lo + outerSize - size));
  return { ...r, x: clampTo(r.x, r.width, outer.x, outer.width), y: clampTo(r.y, r.height, outer.y, outer.height) };
}

/**
 * The viewports to go through, one per frame, from `from` to `to` (the last one), so that no
 * frame mounts or unmounts more than about `budget` of `boxes` (the steps, in flow coordinates)
 * under viewport culling. The view's rectangle shrinks linearly inside itself to the target's
 * size, then moves onto it; a jump from a zoomed-out view of 2,000 steps to a readable one
 * unmounted ~1,700 of them in one commit.
 */
export function viewportSteps(from: Viewport, to: Viewport, boxes: readonly Box[], size: { width: number; height: number }, budget: number): Viewport[] {
  const r0 = shownRect(from, size);
  // The view first shrinks inside itself towards the target's size (removing steps only: mounting
  // and measuring a step costs several times what unmounting it does), then moves onto the target.
  const r1 = insideOf(shownRect(to, size), r0);
  const at = (t: number): Box => ({
    x: r0.x + (r1.x - r0.x) * t,
    y: r0.y + (r1.y - r0.y) * t,
    width: r0.width + (r1.width - r0.width) * t,
    height: r0.height + (r1.height - r0.height) * t,
  });
  const shown = (r: Box): Set<number> => {
    const out = new Set<number>();
    boxes.forEach((b, i) => {
      if (b.x < r.x + r.width && b.x + b.width > r.x && b.y < r.y + r.height && b.y + b.height > r.y) out.add(i);
    });
    return out;
  };
  const churn = (a: Set<number>, b: Set<number>) => {
    let n = 0;
    for (const i of a) if (!b.has(i)) n++;
    for (const i of b) if (!a.has(i)) n++;
    return n;
  };
  const steps: Viewport[] = [];
  let t = 0;
  let current = shown(r0);
  const end = shown(shownRect(to, size));
  while (t < 1 && steps.length < MAX_STEPS - 1) {
    if (churn(current, end) <= budget) break;
    let lo = t;
    let hi = 1;
    for (let i = 0; i < STEP_SEARCH_ROUNDS; i++) {
      const mid = (lo + hi) / 2;
      if (churn(current, shown(at(mid))) <= budget) lo = mid;
      else hi = mid;
    }
    // Always move on: when even a small step exceeds the budget, take it anyway.
    t = lo > t ? lo : hi;
    const r = at(t);
    const zoom = size.width / r.width;
    steps.push({ x: -r.x * zoom, y: -r.y * zoom, zoom });
    current = shown(r);
  }
  steps.push(to);
  return steps;
}
