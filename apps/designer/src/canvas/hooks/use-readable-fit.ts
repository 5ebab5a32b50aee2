import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';

/** Resolves on the next animation frame: React Flow has rendered (and measured) what the store now holds. */
export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Below this zoom node titles are no longer readable at normal screen density. */
export const READABLE_MIN_ZOOM = 0.75;
const MAX_FIT_ZOOM = 1;
const MARGIN_PX = 32;

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
      await fitView({ padding: 0.1, minZoom: READABLE_MIN_ZOOM, maxZoom: MAX_FIT_ZOOM, duration: options.duration });
      const nodes = getNodes();
      if (!nodes.length) return;
      const { width, height } = rf.getState();
      const bounds = getNodesBounds(nodes);
      const { x, y, zoom } = getViewport();
      const overflowsX = bounds.width * zoom + 2 * MARGIN_PX > width;
      const overflowsY = bounds.height * zoom + 2 * MARGIN_PX > height;
      if (!overflowsX && !overflowsY) return;
      // Where the run begins: the Start step, or the top-left of the graph when it has none.
      const start = nodes.find((n) => (n.data as { node?: { kind?: string } }).node?.kind === 'start');
      const anchor = start
        ? { x: start.position.x, y: start.position.y + (start.measured?.height ?? 0) / 2 }
        : { x: bounds.x, y: bounds.y + (height / 2 - MARGIN_PX) / zoom };
      await setViewport(
        { x: overflowsX ? MARGIN_PX - anchor.x * zoom : x, y: overflowsY ? height / 2 - anchor.y * zoom : y, zoom },
        { duration: options.duration },
      );
    },
    [fitView, getNodes, getNodesBounds, getViewport, setViewport, rf],
  );
}
