import { useCallback, useEffect, useRef, useState } from 'react';
import { outcomesOf } from '@signalbox/domain';
import { chunkPositions, fullNodeHeight, LARGE_GRAPH_NODES, layoutGraph, LayoutCancelled, NODE_WIDTH } from '../layout.elk';
import { useCanvasStoreApi } from '../canvas.context';
import { useCanvasCatalog } from '../catalog.context';
import { nextFrame, useReadableFit } from './use-readable-fit';

/**
 * Nodes moved per frame when a layout is applied. Each part costs React Flow and React work in
 * proportion to its size; a 2,000-step layout applied at once held the main thread for seconds.
 */
const NODES_PER_FRAME = 50;

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
        const positions = await layoutGraph(
          nodes.map((n) => {
            const ports = outcomesOf(n.data.node, actionCodes);
            return { id: n.id, width: NODE_WIDTH, height: Math.max(n.measured?.height ?? 0, fullNodeHeight(ports.length)), ports };
          }),
          edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? 'next' })),
          ctrl.signal,
        );
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
        // An animated fit flies out and back in (d3's zoom interpolation): half-way it has much of a
        // large graph in view, and drawing those steps for one frame held the page for seconds.
        await fit({ duration: nodes.length >= LARGE_GRAPH_NODES ? 0 : 200 });
      });
    } catch (e) {
      if (!(e instanceof LayoutCancelled)) setError(`Auto layout failed: ${(e as Error).message}`);
    } finally {
      running.current = null;
      setProgress(null);
    }
  }, [store, actionCodes, fit]);
  const cancel = useCallback(() => running.current?.abort(), []);
  return { layout, cancel, busy: progress !== null, progress, error };
}
