import type { InternalNode } from '@xyflow/react';
import type { FlowEdge } from '../graph.adapter';
import type { DiffMark } from '../canvas.store';
import { edgeMarkKey } from '../diff-view';
import type { EdgeLookInput, EdgeStroke } from './edge-look';
import { bezierBetween, curveBounds, curveMayCross, sourceAnchor, targetAnchor, visibleFlowRect, type Box, type Curve } from './edge-geometry';

/** A light box's size before React Flow has measured it (canvas.css `.wf-node.wf-light`). */
const UNMEASURED = { width: 190, height: 48 };
/** Thinner than this on screen (in CSS pixels), a connection would vanish at the lowest zooms. */
const MIN_SCREEN_WIDTH = 0.6;
/** Room around the moving connections' canvas for stroke width (CSS pixels). */
const LIVE_MARGIN = 4;
/** The moving connections' canvas grows in steps of this many CSS pixels, so a drag rarely reallocates it. */
const LIVE_STEP = 64;

export interface OverviewScene {
  nodeLookup: ReadonlyMap<string, InternalNode>;
  transform: readonly [number, number, number];
  width: number;
  height: number;
  dpr: number;
  edges: readonly FlowEdge[];
  diffMarks: Record<string, DiffMark>;
}

type Batches = Map<EdgeStroke, number[]>;

function boxOf(n: InternalNode): Box {
  const { x, y } = n.internals.positionAbsolute;
  return { x, y, width: n.measured.width ?? n.width ?? UNMEASURED.width, height: n.measured.height ?? n.height ?? UNMEASURED.height };
}

const mix = (h: number, v: number) => Math.imul(h ^ Math.round(v * 16), 0x01000193);

function add(batches: Batches, stroke: EdgeStroke, c: Curve) {
  let batch = batches.get(stroke);
  if (!batch) batches.set(stroke, (batch = []));
  batch.push(c.sx, c.sy, c.c1x, c.c1y, c.c2x, c.c2y, c.tx, c.ty);
}

/** One path per look: a handful of strokes whatever the number of connections. */
function stroke(ctx: CanvasRenderingContext2D, batches: Batches, zoom: number) {
  for (const [look, pts] of batches) {
    ctx.beginPath();
    for (let i = 0; i < pts.length; i += 8) {
      ctx.moveTo(pts[i], pts[i + 1]);
      ctx.bezierCurveTo(pts[i + 2], pts[i + 3], pts[i + 4], pts[i + 5], pts[i + 6], pts[i + 7]);
    }
    ctx.strokeStyle = look.color;
    ctx.lineWidth = Math.max(look.width, MIN_SCREEN_WIDTH / zoom);
    ctx.setLineDash(look.dash);
    ctx.stroke();
  }
}

function fit(canvas: HTMLCanvasElement, width: number, height: number) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
}

/**
 * Paints the overview's connections on two canvases: `still` holds those whose ends are at rest
 * and is repainted only when one of them changes (view, size, edges, looks, a step moved without
 * a drag); `live` holds those touching a dragged step and is sized to them, so a drag step
 * repaints, uploads and composites a small canvas, not the whole pane.
 */
export function createOverviewPainter(still: HTMLCanvasElement, live: HTMLCanvasElement, strokeOf: (input: EdgeLookInput) => EdgeStroke) {
  const stillCtx = still.getContext('2d');
  const liveCtx = live.getContext('2d');
  let stillHash = 0;
  let strokes = new WeakMap<FlowEdge, EdgeStroke>();
  let strokesFor: object | undefined;
  const ids = new Map<EdgeStroke, number>();

  return function paint(scene: OverviewScene): { count: number; drawn: number } {
    const { nodeLookup, transform, width, height, dpr, edges, diffMarks } = scene;
    const [tx, ty, zoom] = transform;
    const view = visibleFlowRect(transform, width, height);
    if (diffMarks !== strokesFor) {
      strokes = new WeakMap();
      strokesFor = diffMarks;
    }
    const marked = Object.keys(diffMarks).length > 0;
    const stillBatches: Batches = new Map();
    const liveBatches: Batches = new Map();
    let hash = mix(mix(mix(mix(mix(0x811c9dc5, tx), ty), zoom * 1e4), width), height * dpr);
    let count = 0;
    let drawn = 0;
    let liveBounds: { minX: number; minY: number; maxX: number; maxY: number } | undefined;
    for (const e of edges) {
      const source = nodeLookup.get(e.source);
      const target = nodeLookup.get(e.target);
      if (!source || !target || source.hidden || target.hidden) continue;
      count++;
      const c = bezierBetween(sourceAnchor(boxOf(source)), targetAnchor(boxOf(target)));
      if (!curveMayCross(c, view)) continue;
      drawn++;
      // Edges are immutable (a changed one is a new object): its look is kept until the diff marks change.
      let look = strokes.get(e);
      if (!look) {
        const diff = marked ? diffMarks[edgeMarkKey(e.id)] : undefined;
        strokes.set(e, (look = strokeOf({ sourceHandle: e.sourceHandle, selected: e.selected, diff, className: typeof e.className === 'string' ? e.className : undefined })));
      }
      if (source.dragging || target.dragging) {
        add(liveBatches, look, c);
        const b = curveBounds(c);
        liveBounds = liveBounds
          ? { minX: Math.min(liveBounds.minX, b.x), minY: Math.min(liveBounds.minY, b.y), maxX: Math.max(liveBounds.maxX, b.x + b.width), maxY: Math.max(liveBounds.maxY, b.y + b.height) }
          : { minX: b.x, minY: b.y, maxX: b.x + b.width, maxY: b.y + b.height };
      } else {
        add(stillBatches, look, c);
        let id = ids.get(look);
        if (id === undefined) ids.set(look, (id = ids.size));
        hash = mix(mix(mix(mix(mix(hash, c.sx), c.sy), c.tx), c.ty), id);
      }
    }

    if (stillCtx && hash !== stillHash) {
      stillHash = hash;
      fit(still, Math.max(1, Math.round(width * dpr)), Math.max(1, Math.round(height * dpr)));
      stillCtx.setTransform(1, 0, 0, 1, 0, 0);
      stillCtx.clearRect(0, 0, still.width, still.height);
      // Flow coordinates, as React Flow's SVG edges are drawn (stroke widths scale with the zoom).
      stillCtx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
      stroke(stillCtx, stillBatches, zoom);
    }

    if (liveCtx) {
      if (!liveBounds) {
        if (live.style.visibility !== 'hidden') live.style.visibility = 'hidden';
      } else {
        // The moving connections' box on screen, clipped to the pane.
        const left = Math.max(0, Math.floor(liveBounds.minX * zoom + tx - LIVE_MARGIN));
        const top = Math.max(0, Math.floor(liveBounds.minY * zoom + ty - LIVE_MARGIN));
        const right = Math.min(width, Math.ceil(liveBounds.maxX * zoom + tx + LIVE_MARGIN));
        const bottom = Math.min(height, Math.ceil(liveBounds.maxY * zoom + ty + LIVE_MARGIN));
        const w = Math.max(1, Math.ceil((right - left) / LIVE_STEP) * LIVE_STEP);
        const h = Math.max(1, Math.ceil((bottom - top) / LIVE_STEP) * LIVE_STEP);
        fit(live, Math.round(w * dpr), Math.round(h * dpr));
        live.style.width = `${w}px`;
        live.style.height = `${h}px`;
        live.style.transform = `translate(${left}px, ${top}px)`;
        live.style.visibility = 'visible';
        liveCtx.setTransform(1, 0, 0, 1, 0, 0);
        liveCtx.clearRect(0, 0, live.width, live.height);
        liveCtx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * (tx - left), dpr * (ty - top));
        stroke(liveCtx, liveBatches, zoom);
      }
    }
    return { count, drawn };
  };
}
