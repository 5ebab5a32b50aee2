/** A rectangle in flow coordinates. */
export interface FlowRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the minimap shows: a flow rectangle and the flow units per minimap pixel. */
export interface MiniMapFrame extends FlowRect {
  /** Flow units per minimap pixel (both axes: the minimap keeps the flow's proportions). */
  unitsPerPixel: number;
}

/** The smallest rectangle holding both (the steps' bounds and the view's, as React Flow's minimap frames them). */
export function unionRect(a: FlowRect | null, b: FlowRect): FlowRect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * Frames `content` in a minimap of `size` pixels as React Flow's MiniMap does: one scale for both
 * axes (the larger of the two ratios), the content centred on the other axis, and a margin of
 * `marginPx` minimap pixels all round.
 */
export function miniMapFrame(content: FlowRect, size: { width: number; height: number }, marginPx = 5): MiniMapFrame {
  const inner = { width: Math.max(1, size.width - 2 * marginPx), height: Math.max(1, size.height - 2 * marginPx) };
  const unitsPerPixel = Math.max(content.width / inner.width, content.height / inner.height, Number.EPSILON);
  const width = size.width * unitsPerPixel;
  const height = size.height * unitsPerPixel;
  return { x: content.x - (width - content.width) / 2, y: content.y - (height - content.height) / 2, width, height, unitsPerPixel };
}

/** The part of the flow the canvas shows: the pane's size at the viewport's transform. */
export function viewRect(transform: readonly [number, number, number], pane: { width: number; height: number }): FlowRect {
  const [tx, ty, zoom] = transform;
  return { x: -tx / zoom, y: -ty / zoom, width: pane.width / zoom, height: pane.height / zoom };
}

/** The flow point under a minimap pixel. */
export function flowPointAt(frame: MiniMapFrame, px: { x: number; y: number }): { x: number; y: number } {
  return { x: frame.x + px.x * frame.unitsPerPixel, y: frame.y + px.y * frame.unitsPerPixel };
}
