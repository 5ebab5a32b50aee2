import { describe, expect, it } from 'vitest';
import type { InternalNode } from '@xyflow/react';
import type { FlowEdge } from '../graph.adapter';
import { createOverviewPainter, type OverviewScene } from './overview-painter';
import type { EdgeStroke } from './edge-look';

/** A canvas whose 2D context records the curves stroked since the last clear. */
function fakeCanvas() {
  const curves: number[][] = [];
  let strokes = 0;
  const ctx = {
    setTransform() {},
    clearRect() {
      curves.length = 0;
    },
    beginPath() {},
    moveTo(x: number, y: number) {
      curves.push([x, y]);
    },
    bezierCurveTo(...p: number[]) {
      curves[curves.length - 1].push(...p);
    },
    setLineDash() {},
    stroke() {
      strokes++;
    },
  };
  const canvas = { width: 0, height: 0, style: {} as Record<string, string>, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, curves, strokesSoFar: () => strokes };
}

const node = (id: string, x: number, y: number, dragging = false) =>
  ({ id, position: { x, y }, data: {}, dragging, measured: { width: 100, height: 40 }, internals: { positionAbsolute: { x, y }, z: 0, userNode: {} } }) as unknown as InternalNode;
const edge = (id: string, source: string, target: string, sourceHandle = 'next'): FlowEdge => ({ id, source, target, sourceHandle, targetHandle: 'in', type: 'outcome' }) as FlowEdge;
const GREY: EdgeStroke = { color: 'grey', width: 1.6, dash: [] };
const GREEN: EdgeStroke = { color: 'green', width: 1.6, dash: [] };

function scene(nodes: InternalNode[], edges: FlowEdge[], transform: [number, number, number] = [0, 0, 0.25]): OverviewScene {
  return { nodeLookup: new Map(nodes.map((n) => [n.id, n])), transform, width: 1000, height: 600, dpr: 1, edges, diffMarks: {} };
}

describe('the overview painter', () => {
  it('draws each connection in view once, from the source box’s right side to the target box’s left side, one stroke per look', () => {
    const still = fakeCanvas();
    const live = fakeCanvas();
    const paint = createOverviewPainter(still.canvas, live.canvas, (e) => (e.sourceHandle === 'success' ? GREEN : GREY));
    const nodes = [node('a', 0, 0), node('b', 200, 100), node('c', 400, 0), node('far', 100_000, 0)];
    const edges = [edge('e1', 'a', 'b'), edge('e2', 'b', 'c', 'success'), edge('e3', 'c', 'far'), edge('e4', 'far', 'far'), edge('gone', 'a', 'missing')];
    // e3 leaves the view but crosses it; e4 is wholly outside; "gone" has no target.
    expect(paint(scene(nodes, edges))).toEqual({ count: 4, drawn: 3 });
    expect(still.curves).toHaveLength(3);
    expect(still.curves[0].slice(0, 2)).toEqual([100, 20]);
    expect(still.curves[0].slice(-2)).toEqual([200, 120]);
    expect(still.strokesSoFar()).toBe(2);
    expect(live.canvas.style.visibility).toBe('hidden');
  });

  it('repaints the still canvas only when a connection at rest changes; a dragged step’s connections go on the small live canvas', () => {
    const still = fakeCanvas();
    const live = fakeCanvas();
    const paint = createOverviewPainter(still.canvas, live.canvas, () => GREY);
    const edges = [edge('e1', 'a', 'b'), edge('e2', 'c', 'd'), edge('e3', 'b', 'c')];
    const at = (bx: number, dragging: boolean) => [node('a', 0, 0), node('b', bx, 100, dragging), node('c', 800, 0), node('d', 1000, 100)];
    paint(scene(at(200, false), edges));
    expect(still.strokesSoFar()).toBe(1);
    // Drag starts: b's two connections leave the still canvas (one repaint) for the live one.
    paint(scene(at(220, true), edges));
    expect(still.strokesSoFar()).toBe(2);
    expect(still.curves).toHaveLength(1);
    expect(live.curves).toHaveLength(2);
    expect(live.canvas.style.visibility).toBe('visible');
    // The live canvas is placed around the moving connections, not over the whole pane.
    const [, left] = /translate\((\d+)px/.exec(live.canvas.style.transform) ?? [];
    expect(Number(left)).toBeGreaterThanOrEqual(0);
    expect(live.canvas.width).toBeLessThan(1000);
    // Further drag steps repaint only the live canvas.
    paint(scene(at(260, true), edges));
    paint(scene(at(300, true), edges));
    expect(still.strokesSoFar()).toBe(2);
    expect(live.curves[0].slice(-2)).toEqual([300, 120]);
    // Dropped: everything back on the still canvas, the live one hidden.
    paint(scene(at(300, false), edges));
    expect(still.strokesSoFar()).toBe(3);
    expect(still.curves).toHaveLength(3);
    expect(live.canvas.style.visibility).toBe('hidden');
    // Panning repaints the still canvas.
    paint(scene(at(300, false), edges, [10, 0, 0.25]));
    expect(still.strokesSoFar()).toBe(4);
  });
});
