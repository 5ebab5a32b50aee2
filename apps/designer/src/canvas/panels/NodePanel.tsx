import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { GraphNode, Schedule } from '@signalbox/domain';
import { useCanvas, useCanvasStoreApi } from '../canvas.context';
import { KIND_TITLES } from '../node-factory';
import { SelectField, TextField } from '../../forms/fields';
import { ExpressionField } from './ExpressionField';
import { ActionForm, CommunicationForm, DecisionForm, EndForm, LinkEventForm, WaitForm, type NodeFormProps } from './node.forms';
import { RunNodeDetails } from '../../runs/RunNodeDetails';
import { ExpressionListContext, expressionSuggestions } from './expression-suggestions';
import { usePinnedSample } from '../sample/pinned-sample.store';
import { useStepRunScope } from '../sample/step-run.context';
import { StepRunPanel } from '../sample/StepRunPanel';

function KindForm(props: NodeFormProps) {
  const n = props.node;
  const p = props as unknown as NodeFormProps<never>;
  switch (n.kind) {
    case 'action':
      return <ActionForm {...p} node={n} />;
    case 'communication':
      return <CommunicationForm {...p} node={n} />;
    case 'decision':
      return <DecisionForm {...p} node={n} />;
    case 'wait':
      return <WaitForm {...p} node={n} />;
    case 'link-event':
      return <LinkEventForm {...p} node={n} />;
    case 'end':
      return <EndForm {...p} node={n} />;
    default:
      return null;
  }
}

function ScheduleFields({ node, set, disabled, problemOf }: NodeFormProps) {
  const s = node.schedule ?? { type: 'immediate' };
  const setS = (schedule: Schedule | undefined, field: string) => set((n) => ({ ...n, schedule }), field);
  return (
    <>
      <SelectField
        label="Runs"
        value={s.type}
        options={[
          { value: 'immediate', label: 'Immediately when reached' },
          { value: 'delay', label: 'After a delay' },
          { value: 'at', label: 'At a date computed from the event' },
        ]}
        disabled={disabled}
        onChange={(t) => setS(t === 'immediate' ? undefined : t === 'delay' ? { type: 'delay', duration: '1h' } : { type: 'at', expression: 'data.cycleEnd' }, 'schedule-type')}
      />
      {s.type === 'delay' && <TextField label="Delay" value={s.duration} help={problemOf('schedule.duration') ?? 'e.g. 30s, 2h, 1d'} disabled={disabled} onChange={(duration) => setS({ type: 'delay', duration }, 'schedule-delay')} />}
      {s.type === 'at' && <ExpressionField label="At" value={s.expression} problem={problemOf('schedule.expression')} disabled={disabled} onChange={(expression) => setS({ type: 'at', expression }, 'schedule-at')} />}
    </>
  );
}

export function NodePanel({ nodeId }: { nodeId: string }) {
  const store = useCanvasStoreApi();
  const { node, readOnly, allProblems, run } = useCanvas(
    useShallow((s) => ({ node: s.nodes.find((n) => n.id === nodeId)?.data.node, readOnly: s.readOnly, allProblems: s.problems, run: s.runNodes[nodeId] })),
  );
  const problems = useMemo(() => allProblems.filter((p) => p.nodeId === nodeId), [allProblems, nodeId]);
  const { edges, runNodes } = useCanvas(useShallow((s) => ({ edges: s.edges, runNodes: s.runNodes })));
  const scope = useStepRunScope();
  const sample = usePinnedSample(scope?.eventCode);
  const suggestions = useMemo(() => expressionSuggestions(edges, nodeId, runNodes, sample), [edges, nodeId, runNodes, sample]);
  const listId = useId();
  if (!node) return null;
  const set = (update: (n: GraphNode) => GraphNode, field: string) => store.getState().updateNode(nodeId, update, field);
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const props: NodeFormProps = { node, set, disabled: readOnly, problemOf };
  return (
    <div className="node-panel" aria-label="Selected step">
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <header className="panel-header">
        <span className={`kind-dot kind-${node.kind}`} />
        <h2>{KIND_TITLES[node.kind]}</h2>
        <code className="muted">{node.id}</code>
      </header>
      {problems.length > 0 && (
        <ul className="node-problems">
          {problems.map((p, i) => (
            <li key={i} className={`sev-${p.severity}`}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {run && <RunNodeDetails state={run} />}
      <TextField label="Label" value={node.label} placeholder="Shown on the canvas" disabled={readOnly} onChange={(label) => set((n) => ({ ...n, label: label || undefined }), 'label')} />
      <ExpressionListContext.Provider value={listId}>
        <KindForm {...props} />
        {node.kind !== 'start' && (
          <details className="group-details">
            <summary>Schedule</summary>
            <ScheduleFields {...props} />
          </details>
        )}
      </ExpressionListContext.Provider>
      {/* Below the fields it runs with, whose previews show what it will be given. */}
      {scope?.canRun && !readOnly && (node.kind === 'action' || node.kind === 'communication') && <StepRunPanel scope={scope} nodeId={nodeId} />}
      {!readOnly && (
        <div className="panel-actions">
          <button className="btn btn-danger" onClick={() => (store.getState().select(nodeId), store.getState().deleteSelected())}>
            Delete step
          </button>
        </div>
      )}
    </div>
  );
}
