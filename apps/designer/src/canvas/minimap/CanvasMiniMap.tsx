import { useEffect, useRef } from 'react';
import { Panel, useReactFlow, useStoreApi, type PanelPosition, type ReactFlowState } from '@xyflow/react';
import type { CanvasFlowNode } from '../canvas-extras.actions';
import { miniMapColour } from './minimap-colour';
import { flowPointAt, miniMapFrame, unionRect, viewRect, type FlowRect, type MiniMapFrame } from './minimap-frame';

/** Wheel notches to zoom factor, as React Flow's minimap has it (2^(−deltaY × 0.002)). */
const WHEEL_ZOOM = 0.002;

/**
 * The minimap of a large graph, drawn on one `<canvas>`: React Flow's MiniMap keeps an SVG
 * rectangle and a component with its own store subscription per step, which at 1,000 steps was
 * about a seventh of the time to open the graph (docs/benchmarks.md). This repaints at most once
 * per animation frame when a step or the view moves (a few thousand rectangles on a 150 × 100
 * canvas take well under a millisecond) and re-renders nothing. Dragging on it moves the view,
 * pressing outside the view's box first centres the view there, the wheel zooms: as the SVG
 * minimap does with `pannable zoomable`. `data-node-count` and `data-draw-seq` are for tests.
 */
export function CanvasMiniMap({ position, width, height }: { position: PanelPosition; width: number; height: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<MiniMapFrame | null>(null);
  const rf = useStoreApi<CanvasFlowNode>();
  const { setViewport, getViewport, zoomTo } = useReactFlow();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let raf = 0;
    let seq = 0;
    const colours = colourScheme(canvas);
    const draw = () => {
      raf = 0;
      const s = rf.getState();
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
      if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      // One pass for the boxes and their bounds, one to paint them.
      const boxes: { r: FlowRect; colour: string }[] = [];
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (const n of s.nodeLookup.values()) {
        if (n.hidden) continue;
        const r = rectOf(n);
        boxes.push({ r, colour: miniMapColour(n.internals.userNode) });
        x0 = Math.min(x0, r.x);
        y0 = Math.min(y0, r.y);
        x1 = Math.max(x1, r.x + r.width);
        y1 = Math.max(y1, r.y + r.height);
      }
      const bounds = boxes.length ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
      const view = viewRect(s.transform, s);
      const frame = miniMapFrame(unionRect(bounds, view), { width, height });
      frameRef.current = frame;
      const k = dpr / frame.unitsPerPixel;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = colours.background;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (const { r, colour } of boxes) {
        ctx.fillStyle = colour;
        // At least one device pixel, so a step far out is a dot, not nothing.
        ctx.fillRect((r.x - frame.x) * k, (r.y - frame.y) * k, Math.max(1, r.width * k), Math.max(1, r.height * k));
      }
      // Everything outside the view is veiled (even-odd: the view's box is the hole).
      const vx = (view.x - frame.x) * k;
      const vy = (view.y - frame.y) * k;
      ctx.beginPath();
      ctx.rect(0, 0, canvas.width, canvas.height);
      ctx.rect(vx, vy, view.width * k, view.height * k);
      ctx.fillStyle = colours.mask;
      ctx.fill('evenodd');
      ctx.strokeStyle = colours.viewOutline;
      ctx.lineWidth = dpr;
      ctx.strokeRect(vx, vy, view.width * k, view.height * k);
      canvas.setAttribute('data-node-count', String(boxes.length));
      canvas.setAttribute('data-draw-seq', String(++seq));
    };
    const schedule = () => {
      if (!raf) raf = requestAnimationFrame(draw);
    };
    const stop = rf.subscribe((s: ReactFlowState<CanvasFlowNode>, prev: ReactFlowState<CanvasFlowNode>) => {
      if (s.nodes !== prev.nodes || s.nodeLookup !== prev.nodeLookup || s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
    });
    schedule();
    return () => {
      cancelAnimationFrame(raf);
      stop();
    };
  }, [rf, width, height]);

  // Pointer: drag moves the view by what the pointer moved on the minimap; a press outside the
  // view's box centres the view there first. Wheel: zoom about the view's centre.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let last: { x: number; y: number } | null = null;
    const local = (e: PointerEvent | WheelEvent) => {
      const box = canvas.getBoundingClientRect();
      return { x: e.clientX - box.left, y: e.clientY - box.top };
    };
    const onDown = (e: PointerEvent) => {
      const frame = frameRef.current;
      if (!frame || e.button !== 0) return;
      e.preventDefault();
      canvas.setPointerCapture(e.pointerId);
      const at = flowPointAt(frame, local(e));
      const { x, y, zoom } = getViewport();
      const { width: paneW, height: paneH } = rf.getState();
      const view = viewRect([x, y, zoom], { width: paneW, height: paneH });
      const inside = at.x >= view.x && at.x <= view.x + view.width && at.y >= view.y && at.y <= view.y + view.height;
      if (!inside) void setViewport({ x: paneW / 2 - at.x * zoom, y: paneH / 2 - at.y * zoom, zoom });
      last = local(e);
    };
    const onMove = (e: PointerEvent) => {
      const frame = frameRef.current;
      if (!last || !frame) return;
      const now = local(e);
      const { x, y, zoom } = getViewport();
      const dx = (now.x - last.x) * frame.unitsPerPixel * zoom;
      const dy = (now.y - last.y) * frame.unitsPerPixel * zoom;
      last = now;
      void setViewport({ x: x - dx, y: y - dy, zoom });
    };
    const onUp = (e: PointerEvent) => {
      last = null;
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const step = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : WHEEL_ZOOM;
      void zoomTo(getViewport().zoom * Math.pow(2, -e.deltaY * step));
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    // Not passive: the page must not scroll while the wheel zooms the canvas.
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
      canvas.removeEventListener('wheel', onWheel);
    };
  }, [rf, getViewport, setViewport, zoomTo]);

  return (
    <Panel position={position} className="react-flow__minimap canvas-minimap" style={{ width, height }}>
      <canvas ref={canvasRef} style={{ width, height, display: 'block' }} role="img" aria-label="Mini map: drag to move the view, wheel to zoom" data-testid="canvas-minimap" />
    </Panel>
  );
}

interface InternalRectSource {
  internals: { positionAbsolute: { x: number; y: number } };
  measured: { width?: number; height?: number };
  width?: number;
  height?: number;
  initialWidth?: number;
  initialHeight?: number;
}

/** A step's box in flow coordinates, measured if it has been drawn, else as declared. */
function rectOf(n: InternalRectSource): FlowRect {
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    width: n.measured.width ?? n.width ?? n.initialWidth ?? 0,
    height: n.measured.height ?? n.height ?? n.initialHeight ?? 0,
  };
}

/** The minimap's colours from React Flow's theme variables (the same ones its SVG minimap uses). */
function colourScheme(el: HTMLElement) {
  const css = getComputedStyle(el);
  const pick = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: pick('--xy-minimap-background-color-default', '#fff'),
    mask: pick('--xy-minimap-mask-background-color-default', 'rgba(240, 240, 240, 0.6)'),
    viewOutline: 'rgba(100, 116, 139, 0.7)',
  };
}
