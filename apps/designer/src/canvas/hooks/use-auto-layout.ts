import { useCallback, useState } from 'react';
import { outcomesOf } from '@signalbox/domain';
import { layoutGraph } from '../layout.elk';
import { useCanvasStoreApi } from '../canvas.context';
import { useCanvasCatalog } from '../catalog.context';
import { nextFrame, useReadableFit } from './use-readable-fit';

/** Lays the canvas out with ELK over the nodes' measured sizes, then fits the view at a readable zoom;
 * the canvas is marked pending until the view has come to rest. */
export function useAutoLayout() {
  const store = useCanvasStoreApi();
  const { actionCodes } = useCanvasCatalog();
  const fit = useReadableFit();
  const [busy, setBusy] = useState(false);
  const layout = useCallback(async () => {
    const { nodes, edges } = store.getState();
    if (!nodes.length) return;
    setBusy(true);
    try {
      await store.getState().settle(async () => {
        const positions = await layoutGraph(
          nodes.map((n) => ({ id: n.id, width: n.measured?.width ?? 180, height: n.measured?.height ?? 80, ports: outcomesOf(n.data.node, actionCodes) })),
          edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? 'next' })),
        );
        store.getState().applyLayout(positions);
        await nextFrame();
        await fit({ duration: 200 });
      });
    } finally {
      setBusy(false);
    }
  }, [store, actionCodes, fit]);
  return { layout, busy };
}
