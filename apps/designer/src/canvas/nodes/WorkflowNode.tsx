import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { outcomesOf } from '@signalbox/domain';
import type { FlowNode } from '../graph.adapter';
import { useCanvasCatalog } from '../catalog.context';
import { KIND_TITLES } from '../node-factory';
import { describeNode, handleLabel, outcomeClass } from './node-display';
import { formatElapsed } from '../../runs/run-format';
import { useZoomedOut } from './level-of-detail';
import { useNodeMarks } from './node-marks';

function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  const { actionCodes } = useCanvasCatalog();
  // Changes only when the zoom crosses DETAIL_MIN_ZOOM (FlowCanvas provides it).
  const light = useZoomedOut();
  // Only this node's own marks: a change elsewhere, or a drag step, does not re-render it.
  const { errors, warnings, run, diff } = useNodeMarks(id);
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
