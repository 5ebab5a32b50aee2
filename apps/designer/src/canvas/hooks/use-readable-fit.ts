import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { FIT_PADDING, MAX_FIT_ZOOM, READABLE_MIN_ZOOM, readableViewport } from '../readable-viewport';

export { READABLE_MIN_ZOOM };

/** Resolves on the next animation frame: React Flow has rendered (and measured) what the store now holds. */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Fits the graph when it fits at a readable zoom; a wider or taller graph stays readable and
 * opens on its Start step (left edge, vertically centred), and the user pans to see the rest.
 */
export function useReadableFit() {
  const { fitView, getNodes, getNodesBounds, getViewport, setViewport } = useReactFlow();
  const rf = useStoreApi();
  return useCallback(
    async (options: { duration?: number } = {}) => {
      // On an empty canvas React Flow holds the fit until the first node is measured.
      await fitView({ padding: FIT_PADDING, minZoom: READABLE_MIN_ZOOM, maxZoom: MAX_FIT_ZOOM, duration: options.duration });
      const nodes = getNodes();
      if (!nodes.length) return;
      const { width, height } = rf.getState();
      // Where the run begins: the Start step, or the top-left of the graph when it has none.
      const start = nodes.find((n) => (n.data as { node?: { kind?: string } }).node?.kind === 'start');
      const target = readableViewport({
        bounds: getNodesBounds(nodes),
        start: start && { x: start.position.x, y: start.position.y + (start.measured?.height ?? 0) / 2 },
        width,
        height,
      });
      const { x, y, zoom } = getViewport();
      if (target.x === x && target.y === y && target.zoom === zoom) return;
      await setViewport(target, { duration: options.duration });
    },
    [fitView, getNodes, getNodesBounds, getViewport, setViewport, rf],
  );
}
