import { useEffect, useRef } from 'react';
import { useStoreApi, type InternalNode } from '@xyflow/react';
import { useCanvasStoreApi } from '../canvas.context';
import { edgeMarkKey } from '../diff-view';
import { createEdgeLook, type EdgeStroke } from './edge-look';
import { bezierBetween, curveMayCross, sourceAnchor, targetAnchor, visibleFlowRect, type Box } from './edge-geometry';

/** A light box's size before React Flow has measured it (canvas.css `.wf-node.wf-light`). */
const UNMEASURED = { width: 190, height: 48 };
/** Thinner than this on screen (in CSS pixels), a connection would vanish at the lowest zooms. */
const MIN_SCREEN_WIDTH = 0.6;

function boxOf(n: InternalNode): Box {
  const { x, y } = n.internals.positionAbsolute;
  return { x, y, width: n.measured.width ?? n.width ?? UNMEASURED.width, height: n.measured.height ?? n.height ?? UNMEASURED.height };
}

/**
 * Below DETAIL_MIN_ZOOM React Flow is given no edges at all: this one `<canvas>` under the nodes
 * draws every connection instead (about 1,300 SVG edges at 1,000 steps, each with its own store
 * selectors, were most of a drag step's work). It listens to React Flow's store and the canvas
 * store imperatively and redraws at most once per animation frame, from React Flow's node lookup
 * (so a dragged step's connections follow it), skipping connections wholly outside the view.
 * Nothing here re-renders React. `data-edge-count` (connections with both ends known),
 * `data-drawn` (those drawn in view) and `data-draw-seq` (draws so far) are for tests.
 */
export function OverviewEdges() {
  const ref = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();
  const store = useCanvasStoreApi();

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const pane = canvas.parentElement ?? canvas;
    const look = createEdgeLook(pane);
    let frame = 0;
    let seq = 0;
    const shown = { count: -1, drawn: -1 };
    let strokes = new WeakMap<object, EdgeStroke>();
    let strokesFor: object | undefined;

    const draw = () => {
      frame = 0;
      const { nodeLookup, transform, width, height } = rf.getState();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(width * dpr));
      const h = Math.max(1, Math.round(height * dpr));
      if (canvas.width !== w) canvas.width = w;
      if (canvas.height !== h) canvas.height = h;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const [tx, ty, zoom] = transform;
      // Drawn in flow coordinates, as React Flow's SVG edges are (stroke widths scale with the zoom).
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
      const view = visibleFlowRect(transform, width, height);
      const { viewEdges, diffMarks } = store.getState();
      if (diffMarks !== strokesFor) {
        strokes = new WeakMap();
        strokesFor = diffMarks;
      }
      const marked = Object.keys(diffMarks).length > 0;
      // One path per look: a handful of strokes per frame, whatever the number of connections.
      const batches = new Map<EdgeStroke, number[]>();
      let count = 0;
      let drawn = 0;
      for (const e of viewEdges) {
        const source = nodeLookup.get(e.source);
        const target = nodeLookup.get(e.target);
        if (!source || !target || source.hidden || target.hidden) continue;
        count++;
        const c = bezierBetween(sourceAnchor(boxOf(source)), targetAnchor(boxOf(target)));
        if (!curveMayCross(c, view)) continue;
        drawn++;
        // Edges are immutable (a changed one is a new object): its look is kept until the diff marks change.
        let stroke = strokes.get(e);
        if (!stroke) {
          const diff = marked ? diffMarks[edgeMarkKey(e.id)] : undefined;
          strokes.set(e, (stroke = look.strokeOf({ sourceHandle: e.sourceHandle, selected: e.selected, diff, className: typeof e.className === 'string' ? e.className : undefined })));
        }
        let batch = batches.get(stroke);
        if (!batch) batches.set(stroke, (batch = []));
        batch.push(c.sx, c.sy, c.c1x, c.c1y, c.c2x, c.c2y, c.tx, c.ty);
      }
      for (const [stroke, pts] of batches) {
        ctx.beginPath();
        for (let i = 0; i < pts.length; i += 8) {
          ctx.moveTo(pts[i], pts[i + 1]);
          ctx.bezierCurveTo(pts[i + 2], pts[i + 3], pts[i + 4], pts[i + 5], pts[i + 6], pts[i + 7]);
        }
        ctx.strokeStyle = stroke.color;
        ctx.lineWidth = Math.max(stroke.width, MIN_SCREEN_WIDTH / zoom);
        ctx.setLineDash(stroke.dash);
        ctx.stroke();
      }
      if (shown.count !== count) canvas.setAttribute('data-edge-count', String((shown.count = count)));
      if (shown.drawn !== drawn) canvas.setAttribute('data-drawn', String((shown.drawn = drawn)));
      canvas.setAttribute('data-draw-seq', String(++seq));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };

    // Any React Flow store change may move a node or the view (drag, measure, pan, zoom, resize).
    const stopFlow = rf.subscribe(schedule);
    const stopCanvas = store.subscribe((s, prev) => {
      if (s.viewEdges !== prev.viewEdges || s.diffMarks !== prev.diffMarks) schedule();
    });
    const resize = new ResizeObserver(schedule);
    resize.observe(pane);
    // A move to a screen of another pixel density changes no size: watch the density itself.
    let density: MediaQueryList | undefined;
    const onDensity = () => {
      density?.removeEventListener('change', onDensity);
      density = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      density.addEventListener('change', onDensity);
      schedule();
    };
    onDensity();
    return () => {
      cancelAnimationFrame(frame);
      frame = 0;
      stopFlow();
      stopCanvas();
      resize.disconnect();
      density?.removeEventListener('change', onDensity);
      look.dispose();
    };
  }, [rf, store]);

  return <canvas ref={ref} className="overview-edges" aria-hidden="true" data-testid="overview-edges" />;
}
