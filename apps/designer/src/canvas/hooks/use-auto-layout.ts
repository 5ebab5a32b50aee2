import { useCallback, useEffect, useRef, useState } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { outcomesOf } from '@signalbox/domain';
import { chunkPositions, fullNodeHeight, LARGE_GRAPH_NODES, layoutGraph, LayoutCancelled, NODE_WIDTH } from '../layout.elk';
import { boundsOfBoxes, readableViewport, viewportSteps } from '../readable-viewport';
import { useCanvasStoreApi } from '../canvas.context';
import { useCanvasCatalog } from '../catalog.context';
import { nextFrame, useReadableFit } from './use-readable-fit';

/**
 * Nodes moved per frame when a large layout is applied. The view is moved first to where the
 * layout ends, so culling draws only the few dozen steps in it: a part costs React Flow's pass
 * over every node (cheap) plus the steps that enter or leave the view, not one box per step.
 */
const NODES_PER_FRAME = 500;
/** Steps drawn or removed per frame at most while the view travels to where a large layout ends. */
const VIEW_CHURN_PER_FRAME = 200;

export interface LayoutProgress {
  steps: number;
  startedAt: number;
}

/**
 * Lays the canvas out with ELK (in a Web Worker) over the nodes' measured sizes, then fits the
 * view at a readable zoom; the canvas is marked pending until the view has come to rest. While it
 * runs, `progress` says how many steps and since when, and `cancel` stops it (nothing moves).
 */
export function useAutoLayout() {
  const store = useCanvasStoreApi();
  const { actionCodes } = useCanvasCatalog();
  const fit = useReadableFit();
  const { setViewport } = useReactFlow();
  const rf = useStoreApi();
  const [progress, setProgress] = useState<LayoutProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const layout = useCallback(async () => {
    const { nodes, edges } = store.getState();
    if (!nodes.length || running.current) return;
    const ctrl = new AbortController();
    running.current = ctrl;
    setError(null);
    setProgress({ steps: nodes.length, startedAt: Date.now() });
    try {
      await store.getState().settle(async () => {
        const sized = nodes.map((n) => {
          const ports = outcomesOf(n.data.node, actionCodes);
          return { id: n.id, width: NODE_WIDTH, height: Math.max(n.measured?.height ?? 0, fullNodeHeight(ports.length)), ports };
        });
        const positions = await layoutGraph(
          sized,
          edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? 'next' })),
          ctrl.signal,
        );
        const large = nodes.length >= LARGE_GRAPH_NODES;
        // A large graph: the view goes first to where the readable fit will land (computed from
        // ELK's positions), so the steps are moved under a view that draws a few dozen of them.
        // Fitting afterwards, from the zoomed-out view, drew and measured every step each part
        // moved into view, then unmounted them all at once (tasks of 150–400 ms).
        if (large) {
          // Out of the task that received (and deserialised) ELK's answer.
          await nextFrame();
          const { width, height } = rf.getState();
          const boxes = sized.map((n) => ({ ...(positions[n.id] ?? { x: 0, y: 0 }), width: n.width, height: n.height }));
          const startNode = nodes.find((n) => n.data.node.kind === 'start');
          const startBox = startNode && boxes[nodes.indexOf(startNode)];
          const target = readableViewport({ bounds: boundsOfBoxes(boxes), start: startBox && { x: startBox.x, y: startBox.y + startBox.height / 2 }, width, height });
          // From a zoomed-out view that draws ~1,700 light boxes, the view travels in a few frames,
          // each mounting or unmounting at most VIEW_CHURN_PER_FRAME of them (over their current places).
          const { nodeLookup, transform } = rf.getState();
          const currentBoxes = [...nodeLookup.values()].map((n) => ({ ...n.internals.positionAbsolute, width: n.measured.width ?? 0, height: n.measured.height ?? 0 }));
          for (const view of viewportSteps({ x: transform[0], y: transform[1], zoom: transform[2] }, target, currentBoxes, { width, height }, VIEW_CHURN_PER_FRAME)) {
            await nextFrame();
            await setViewport(view);
          }
        }
        // One undo point for the whole layout; the parts after the first continue it. Once ELK
        // has answered, the parts are all applied (a cancel now would leave half a layout). Each
        // part waits for a frame of its own, the first too: ELK's answer arrives in a task of its own.
        let first = true;
        for (const part of chunkPositions(positions, NODES_PER_FRAME)) {
          await nextFrame();
          store.getState().applyLayout(part, { checkpoint: first });
          first = false;
        }
        await nextFrame();
        // A small graph fits with an animation (a large one is already where it ends).
        if (!large) await fit({ duration: 200 });
      });
    } catch (e) {
      if (!(e instanceof LayoutCancelled)) setError(`Auto layout failed: ${(e as Error).message}`);
    } finally {
      running.current = null;
      setProgress(null);
    }
  }, [store, actionCodes, fit, setViewport, rf]);
  const cancel = useCallback(() => running.current?.abort(), []);
  return { layout, cancel, busy: progress !== null, progress, error };
}
