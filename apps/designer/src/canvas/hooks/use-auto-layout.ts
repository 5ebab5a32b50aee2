import { useCallback, useEffect, useRef, useState } from 'react';
import { outcomesOf } from '@signalbox/domain';
import { layoutGraph, LayoutCancelled } from '../layout.elk';
import { useCanvasStoreApi } from '../canvas.context';
import { useCanvasCatalog } from '../catalog.context';
import { nextFrame, useReadableFit } from './use-readable-fit';

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
          nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? 190, height: n.measured?.height ?? 80, ports: outcomesOf(n.data.node, actionCodes) })),
          edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? 'next' })),
          ctrl.signal,
        );
        store.getState().applyLayout(positions);
        await nextFrame();
        await fit({ duration: 200 });
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
