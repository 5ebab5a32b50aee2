import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from '../graph.adapter';
import { outcomeClass } from './node-display';
import { useCanvas } from '../canvas.context';
import { edgeMarkKey } from '../diff-view';

function OutcomeEdgeView(props: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const handle = props.sourceHandleId ?? 'next';
  const cls = outcomeClass(handle);
  const showLabel = handle !== 'next';
  const diff = useCanvas((s) => s.diffMarks[edgeMarkKey(props.id)]);
  return (
    <>
      <BaseEdge id={props.id} path={path} className={`wf-edge ${cls}${props.selected ? ' selected' : ''}${diff ? ` diff-${diff}` : ''}`} interactionWidth={16} />
      {showLabel && (props.selected || diff) && (
        <EdgeLabelRenderer>
          <div className={`wf-edge-label ${cls}${diff ? ` diff-${diff}` : ''}`} style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {handle}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const OutcomeEdge = memo(OutcomeEdgeView);
