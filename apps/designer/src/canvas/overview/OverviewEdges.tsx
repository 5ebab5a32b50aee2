import { useEffect, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useCanvasStoreApi } from '../canvas.context';
import { createEdgeLook } from './edge-look';
import { createOverviewPainter } from './overview-painter';

/**
 * Below DETAIL_MIN_ZOOM React Flow is given no edges at all: canvases under the nodes draw every
 * connection instead (about 1,300 SVG edges at 1,000 steps, each with its own store selectors,
 * were most of a drag step's work). This listens to React Flow's store and the canvas store
 * imperatively and paints at most once per animation frame, from React Flow's node lookup (so a
 * dragged step's connections follow it), skipping connections wholly outside the view. Nothing
 * here re-renders React. On the main canvas, `data-edge-count` (connections with both ends
 * known), `data-drawn` (those in view) and `data-draw-seq` (paints so far) are for tests.
 */
export function OverviewEdges() {
  const stillRef = useRef<HTMLCanvasElement>(null);
  const liveRef = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi();
  const store = useCanvasStoreApi();

  useEffect(() => {
    const still = stillRef.current;
    const live = liveRef.current;
    if (!still || !live) return;
    const pane = still.parentElement ?? still;
    const look = createEdgeLook(pane);
    const paint = createOverviewPainter(still, live, look.strokeOf);
    let frame = 0;
    let seq = 0;
    const shown = { count: -1, drawn: -1 };

    const draw = () => {
      frame = 0;
      const { nodeLookup, transform, width, height } = rf.getState();
      const { viewEdges, diffMarks } = store.getState();
      const { count, drawn } = paint({ nodeLookup, transform, width, height, dpr: window.devicePixelRatio || 1, edges: viewEdges, diffMarks });
      if (shown.count !== count) still.setAttribute('data-edge-count', String((shown.count = count)));
      if (shown.drawn !== drawn) still.setAttribute('data-drawn', String((shown.drawn = drawn)));
      still.setAttribute('data-draw-seq', String(++seq));
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

  return (
    <>
      <canvas ref={stillRef} className="overview-edges" aria-hidden="true" data-testid="overview-edges" />
      <canvas ref={liveRef} className="overview-edges-live" aria-hidden="true" />
    </>
  );
}
