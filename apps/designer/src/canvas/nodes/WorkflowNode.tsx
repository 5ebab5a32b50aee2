import { memo } from 'react';
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { outcomesOf } from '@signalbox/domain';
import type { FlowNode } from '../graph.adapter';
import { useCanvas } from '../canvas.context';
import { useCanvasCatalog } from '../catalog.context';
import { KIND_TITLES } from '../node-factory';
import { describeNode, handleLabel, outcomeClass } from './node-display';
import { formatElapsed } from '../../runs/run-format';

/**
 * Below this zoom a step is drawn as a light box with its title only: its details are unreadable
 * there anyway, and a zoomed-out view of a large graph would otherwise hold thousands of elements.
 * A light box has no handles: React Flow then has no edges to attach (the canvas draws them all
 * in one `<canvas>`, overview/OverviewEdges.tsx).
 */
export const DETAIL_MIN_ZOOM = 0.5;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_MIN_ZOOM;

function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  const { actionCodes } = useCanvasCatalog();
  // A boolean, so the many zoom changes of a gesture re-render a node only when it crosses the threshold.
  const light = useStore(zoomedOut);
  // Only this node's own slices: a change elsewhere does not re-render it.
  const { errors, warnings, run, diff } = useCanvas(
    useShallow((s) => {
      const count = s.problemCounts[id];
      return { errors: count?.errors ?? 0, warnings: count?.warnings ?? 0, run: s.runNodes[id], diff: s.diffMarks[id] };
    }),
  );
  const outcomes = outcomesOf(node, actionCodes);
  const { title, detail } = describeNode(node, actionCodes);
  const cls = ['wf-node', `kind-${node.kind}`, light && 'wf-light', selected && 'selected', errors && 'has-errors', !errors && warnings && 'has-warnings', run && `run-${run.status}`, diff && `diff-${diff}`]
    .filter(Boolean)
    .join(' ');
  if (light) {
    return (
      <div className={cls} data-testid={`node-${id}`} data-kind={node.kind} data-status={run?.status} title={title}>
        <div className="wf-light-title">{title}</div>
      </div>
    );
  }
  const runEnded = run?.endedAt ?? undefined;
  return (
    <div className={cls} data-testid={`node-${id}`} data-kind={node.kind} data-status={run?.status}>
      {node.kind !== 'start' && <Handle type="target" position={Position.Left} id="in" className="h-in" />}
      <div className="wf-node-head">
        <span className="wf-kind">{KIND_TITLES[node.kind]}</span>
        {node.schedule && node.schedule.type !== 'immediate' && <span className="wf-sched" title="Scheduled">⏱</span>}
        {(errors > 0 || warnings > 0) && (
          <span className={`wf-badge ${errors ? 'err' : 'warn'}`} title={`${errors} errors, ${warnings} warnings`}>
            {errors || warnings}
          </span>
        )}
      </div>
      <div className="wf-title" title={title}>
        {title}
      </div>
      {detail && (
        <div className="wf-detail" title={detail}>
          {detail}
        </div>
      )}
      {run && (
        <div className="wf-run">
          <span className="wf-run-status">{run.status}</span>
          {run.startedAt && <span className="wf-run-time">{formatElapsed(run.startedAt, runEnded)}</span>}
        </div>
      )}
      {outcomes.length > 0 && (
        <div className="wf-outcomes">
          {outcomes.map((o) => (
            <div key={o} className={`wf-outcome ${outcomeClass(o)}`}>
              <span className="wf-outcome-label">{handleLabel(node, o)}</span>
              <Handle type="source" position={Position.Right} id={o} className={`h-out ${outcomeClass(o)}`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const WorkflowNode = memo(WorkflowNodeView);
