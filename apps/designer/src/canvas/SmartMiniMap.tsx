import { useCallback, useState } from 'react';
import { MiniMap, useOnSelectionChange, useOnViewportChange, useReactFlow, useStoreApi, type PanelPosition } from '@xyflow/react';
import type { CanvasFlowNode } from './canvas-extras.actions';

const MINIMAP_STYLE = { width: 150, height: 100 };
/** The minimap's box plus React Flow's panel margin. */
const MINIMAP_BOX = { width: MINIMAP_STYLE.width + 15, height: MINIMAP_STYLE.height + 15 };

const NOTE_MINIMAP = { yellow: '#fde68a', blue: '#bfdbfe', green: '#bbf7d0', pink: '#fbcfe8', grey: '#e2e8f0' } as const;
const miniMapColour = (n: CanvasFlowNode) => {
  // Notes and group boxes are drawn faint: the minimap is for finding steps.
  if (n.type === 'note') return NOTE_MINIMAP[n.data.color ?? 'yellow'];
  if (n.type === 'wf-group') return n.data.collapsed ? '#94a3b8' : 'rgba(148, 163, 184, 0.25)';
  const k = n.data.node.kind;
  return k === 'start' ? '#3b82f6' : k === 'end' ? '#64748b' : k === 'decision' ? '#a855f7' : '#94a3b8';
};

/**
 * The minimap sits bottom-right unless the selected step would be under it; then it moves to the
 * top-right. Checked when the selection changes and when the view stops moving (never per frame).
 */
export function SmartMiniMap() {
  const { getInternalNode, getViewport } = useReactFlow();
  const rf = useStoreApi();
  const [selected, setSelected] = useState<string | null>(null);
  const [position, setPosition] = useState<PanelPosition>('bottom-right');

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
  return <MiniMap<CanvasFlowNode> pannable zoomable nodeColor={miniMapColour} style={MINIMAP_STYLE} position={position} />;
}
