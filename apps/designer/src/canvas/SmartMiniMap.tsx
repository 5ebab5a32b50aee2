import { useCallback, useState } from 'react';
import { MiniMap, useOnSelectionChange, useOnViewportChange, useReactFlow, useStore, useStoreApi, type PanelPosition, type ReactFlowState } from '@xyflow/react';
import type { CanvasFlowNode } from './canvas-extras.actions';
import { CanvasMiniMap } from './minimap/CanvasMiniMap';
import { miniMapColour } from './minimap/minimap-colour';

const MINIMAP_STYLE = { width: 150, height: 100 };
/** The minimap's box plus React Flow's panel margin. */
const MINIMAP_BOX = { width: MINIMAP_STYLE.width + 15, height: MINIMAP_STYLE.height + 15 };
/**
 * From this many steps (notes and groups count) the minimap is drawn on a canvas: React Flow's SVG
 * minimap costs a component and a rectangle per step, which shows from a few hundred on.
 */
export const CANVAS_MINIMAP_MIN_NODES = 500;
const isLarge = (s: ReactFlowState) => s.nodeLookup.size >= CANVAS_MINIMAP_MIN_NODES;

/**
 * The minimap sits bottom-right unless the selected step would be under it; then it moves to the
 * top-right. Checked when the selection changes and when the view stops moving (never per frame).
 * Large graphs get the canvas-drawn minimap (`CANVAS_MINIMAP_MIN_NODES`).
 */
export function SmartMiniMap() {
  const { getInternalNode, getViewport } = useReactFlow();
  const rf = useStoreApi();
  const [selected, setSelected] = useState<string | null>(null);
  const [position, setPosition] = useState<PanelPosition>('bottom-right');
  const large = useStore(isLarge);

  const place = useCallback(
    (id: string | null) => {
      const node = id ? getInternalNode(id) : undefined;
      if (!node) return setPosition('bottom-right');
      const { x, y, zoom } = getViewport();
      const { width, height } = rf.getState();
      const left = node.internals.positionAbsolute.x * zoom + x;
      const top = node.internals.positionAbsolute.y * zoom + y;
      const right = left + (node.measured.width ?? 0) * zoom;
      const bottom = top + (node.measured.height ?? 0) * zoom;
      const underBottomRight = right > width - MINIMAP_BOX.width && bottom > height - MINIMAP_BOX.height;
      setPosition(underBottomRight ? 'top-right' : 'bottom-right');
    },
    [getInternalNode, getViewport, rf],
  );
  useOnSelectionChange({
    onChange: useCallback(
      ({ nodes }: { nodes: { id: string }[] }) => {
        const id = nodes.length === 1 ? nodes[0].id : null;
        setSelected(id);
        place(id);
      },
      [place],
    ),
  });
  useOnViewportChange({ onEnd: useCallback(() => place(selected), [place, selected]) });
  if (large) return <CanvasMiniMap position={position} width={MINIMAP_STYLE.width} height={MINIMAP_STYLE.height} />;
  return <MiniMap<CanvasFlowNode> pannable zoomable nodeColor={miniMapColour} style={MINIMAP_STYLE} position={position} />;
}
