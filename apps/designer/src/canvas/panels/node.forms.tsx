import { useState } from 'react';
import { CORRELATION_KEYS, type CorrelationKey, type DecisionBranch, type GraphNode, type NodeOfKind, type WaitSpec } from '@signalbox/domain';
import { SelectField, TextField } from '../../forms/fields';
import { ExpressionField } from './ExpressionField';
import { useCanvasCatalog } from '../catalog.context';
import { NewTemplateForm } from './NewTemplateForm';

export interface NodeFormProps<N extends GraphNode = GraphNode> {
  node: N;
  /** `field` names the edit so keystrokes in one field coalesce into one undo step. */
  set(update: (n: N) => N, field: string): void;
  disabled: boolean;
  problemOf(field: string): string | undefined;
}

const ON_FAILURE_OPTIONS = [
  { value: 'incident', label: 'Park as an incident (an operator retries, skips or fails it)' },
  { value: 'fail', label: 'Fail the run at once' },
];

/** What a failure (or timeout) with no edge for it does at this step; empty follows the action code (default incident). */
function OnFailureField<N extends NodeOfKind<'action'> | NodeOfKind<'communication'>>({ node, set, disabled, inherited }: { node: N; set: NodeFormProps<N>['set']; disabled: boolean; inherited: string }) {
  return (
    <SelectField
      label="On an unhandled failure"
      value={node.onFailure}
      options={ON_FAILURE_OPTIONS}
      allowEmpty={`As the ${inherited} says`}
      help="Used only when no failure or timeout edge leaves this step"
      disabled={disabled}
      onChange={(v) => set((n) => ({ ...n, onFailure: v === 'incident' || v === 'fail' ? v : undefined }), 'onFailure')}
    />
  );
}

export function ActionForm({ node, set, disabled, problemOf }: NodeFormProps<NodeOfKind<'action'>>) {
  const { data, actionCodes } = useCanvasCatalog();
  const code = actionCodes.get(node.actionCode);
  const inputs = Object.entries(node.inputs ?? {});
  return (
    <>
      <SelectField
        label="Action code"
        value={node.actionCode}
        options={data.actionCodes.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }))}
        allowEmpty={actionCodes.has(node.actionCode) ? undefined : `${node.actionCode} (unknown)`}
        help={problemOf('actionCode') ?? code?.description}
        disabled={disabled}
        onChange={(actionCode) => set((n) => ({ ...n, actionCode }), 'actionCode')}
      />
      <h4>Inputs</h4>
      <p className="muted small">Values computed per run, e.g. apn = data.apn</p>
      {inputs.map(([k, v], i) => (
        <div key={i} className="row kv">
          <input className="nodrag" aria-label="Input name" value={k} disabled={disabled} onChange={(e) => set((n) => ({ ...n, inputs: Object.fromEntries(Object.entries(n.inputs).map(([kk, vv], j) => (j === i ? [e.target.value, vv] : [kk, vv]))) }), `input-key-${i}`)} />
          <ExpressionField label="" ariaLabel={`Value of input ${k}`} value={v} disabled={disabled} problem={problemOf(`inputs.${k}`)} onChange={(val) => set((n) => ({ ...n, inputs: { ...n.inputs, [k]: val } }), `input-${i}`)} />
          <button className="btn-icon" aria-label={`Remove input ${k}`} disabled={disabled} onClick={() => set((n) => ({ ...n, inputs: Object.fromEntries(Object.entries(n.inputs).filter(([kk]) => kk !== k)) }), 'inputs-remove')}>
            ×
          </button>
        </div>
      ))}
      {!disabled && (
        <button className="btn" onClick={() => set((n) => ({ ...n, inputs: { ...n.inputs, [`field${inputs.length + 1}`]: 'subject.msisdn' } }), 'inputs-add')}>
          + Input
        </button>
      )}
      <OnFailureField node={node} set={set} disabled={disabled} inherited={`action code (${code?.onFailure ?? 'incident'})`} />
    </>
  );
}

export function CommunicationForm({ node, set, disabled, problemOf }: NodeFormProps<NodeOfKind<'communication'>>) {
  const { data, reload } = useCanvasCatalog();
  const [creating, setCreating] = useState(false);
  const known = data.templates.some((t) => t.code === node.template);
  const channel = data.templates.find((t) => t.code === node.template)?.channel ?? 'sms';
  return (
    <>
      <SelectField
        label="Template"
        value={node.template}
        options={data.templates.map((t) => ({ value: t.code, label: `${t.code} (${t.channel})` }))}
        allowEmpty={known ? undefined : `${node.template} (unknown)`}
        help={problemOf('template')}
        disabled={disabled}
        onChange={(template) => set((n) => ({ ...n, template }), 'template')}
      />
      {!disabled && reload && !creating && (
        <button type="button" className="btn btn-small new-template-open" onClick={() => setCreating(true)}>
          New template…
        </button>
      )}
      {creating && reload && (
        <NewTemplateForm
          channel={channel}
          onCancel={() => setCreating(false)}
          onCreated={async (template) => {
            await reload();
            set((n) => ({ ...n, template }), 'template');
            setCreating(false);
          }}
        />
      )}
      <ExpressionField label="Recipient" optional value={node.to} placeholder="subject.msisdn" help="Default: the subject's MSISDN (SMS) or data.email" problem={problemOf('to')} disabled={disabled} onChange={(to) => set((n) => ({ ...n, to: to || undefined }), 'to')} />
      <ExpressionField label="Locale" optional value={node.locale} placeholder="data.locale" help="Default: the template's default locale" problem={problemOf('locale')} disabled={disabled} onChange={(locale) => set((n) => ({ ...n, locale: locale || undefined }), 'locale')} />
      <ChannelProviderField node={node} set={set} disabled={disabled} problemOf={problemOf} />
      <OnFailureField node={node} set={set} disabled={disabled} inherited="default (incident)" />
    </>
  );
}

/**
 * The provider an SMS, push or letter goes through (its gateway, credentials, delivery reports).
 * Only providers speaking the template's channel are offered; a provider named earlier that no
 * longer fits stays visible so the problem list can say why.
 */
function ChannelProviderField({ node, set, disabled, problemOf }: Pick<NodeFormProps<NodeOfKind<'communication'>>, 'node' | 'set' | 'disabled' | 'problemOf'>) {
  const { data } = useCanvasCatalog();
  const channel = data.templates.find((t) => t.code === node.template)?.channel;
  if (channel === 'email' && !node.provider) return null; // email always leaves through the worker's SMTP server
  const fitting = data.providers.filter((p) => p.protocol === channel);
  const options = fitting.map((p) => ({ value: p.code, label: `${p.name} (${p.protocol})` }));
  if (node.provider && !fitting.some((p) => p.code === node.provider)) options.push({ value: node.provider, label: `${node.provider} (does not fit)` });
  return (
    <SelectField
      label="Channel provider"
      value={node.provider}
      options={options}
      allowEmpty="Default message gateway"
      help={problemOf('provider') ?? (fitting.length === 0 && channel ? `No provider speaks ${channel} yet: messages go to the default gateway.` : undefined)}
      disabled={disabled}
      onChange={(provider) => set((n) => ({ ...n, provider: provider || undefined }), 'provider')}
    />
  );
}

export function DecisionForm({ node, set, disabled, problemOf }: NodeFormProps<NodeOfKind<'decision'>>) {
  const setBranch = (i: number, patch: Partial<DecisionBranch>, field: string) => set((n) => ({ ...n, branches: n.branches.map((b, j) => (j === i ? { ...b, ...patch } : b)) }), field);
  return (
    <>
      <p className="muted small">Branches are tried in order; the first true condition wins, otherwise “default”.</p>
      {node.branches.map((b, i) => (
        <fieldset key={b.id} className="group">
          <legend>Branch {i + 1}</legend>
          <TextField label="Label" value={b.label} disabled={disabled} onChange={(label) => setBranch(i, { label: label || undefined }, `b${i}-label`)} />
          <ExpressionField label="Condition" value={b.condition} placeholder="data.amount > 10" problem={problemOf(`branches.${i}.condition`)} disabled={disabled} onChange={(condition) => setBranch(i, { condition }, `b${i}-cond`)} />
          {node.branches.length > 1 && !disabled && (
            <button className="btn btn-danger" onClick={() => set((n) => ({ ...n, branches: n.branches.filter((_, j) => j !== i) }), 'branches-remove')}>
              Remove branch
            </button>
          )}
        </fieldset>
      ))}
      {!disabled && (
        <button
          className="btn"
          onClick={() =>
            set((n) => {
              const taken = new Set(n.branches.map((b) => b.id));
              let k = n.branches.length + 1;
              while (taken.has(`b${k}`)) k++;
              return { ...n, branches: [...n.branches, { id: `b${k}`, label: `Branch ${k}`, condition: 'true' }] };
            }, 'branches-add')
          }
        >
          + Branch
        </button>
      )}
    </>
  );
}

export function WaitForm({ node, set, disabled, problemOf }: NodeFormProps<NodeOfKind<'wait'>>) {
  const w = node.wait;
  const setWait = (wait: WaitSpec, field: string) => set((n) => ({ ...n, wait }), field);
  return (
    <>
      <SelectField
        label="Wait for"
        value={w.type}
        options={[
          { value: 'duration', label: 'A duration' },
          { value: 'until', label: 'A date computed from the event' },
          { value: 'signal', label: 'A signal (e.g. confirmation), with a timeout' },
          { value: 'message', label: 'A message by business key (e.g. MSISDN), with a timeout' },
        ]}
        disabled={disabled}
        onChange={(type) => setWait(newWait(type), 'wait-type')}
      />
      {w.type === 'duration' && <TextField label="Duration" value={w.duration} help={problemOf('wait.duration') ?? 'e.g. 20s, 5m, 1h30m, 2d'} disabled={disabled} onChange={(duration) => setWait({ ...w, duration }, 'wait-duration')} />}
      {w.type === 'until' && <ExpressionField label="Until" value={w.expression} problem={problemOf('wait.expression')} disabled={disabled} onChange={(expression) => setWait({ ...w, expression }, 'wait-until')} />}
      {w.type === 'signal' && (
        <>
          <TextField label="Signal name" value={w.signal} help={problemOf('wait.signal') ?? 'Sent with POST /api/runs/{runId}/signal'} disabled={disabled} onChange={(signal) => setWait({ ...w, signal }, 'wait-signal')} />
          <TextField label="Timeout" value={w.timeout} help={problemOf('wait.timeout') ?? 'Then the “timeout” outcome is taken'} disabled={disabled} onChange={(timeout) => setWait({ ...w, timeout }, 'wait-timeout')} />
        </>
      )}
      {w.type === 'message' && (
        <>
          <TextField label="Message name" value={w.message} help={problemOf('wait.message') ?? 'Sent with POST /api/messages'} disabled={disabled} onChange={(message) => setWait({ ...w, message }, 'wait-message')} />
          <TextField
            label="Correlate by"
            value={w.correlateBy.join(', ')}
            help={problemOf('wait.correlateBy') ?? `Keys that must match this run's values, comma-separated: ${CORRELATION_KEYS.join(', ')}`}
            disabled={disabled}
            onChange={(text) => setWait({ ...w, correlateBy: text.split(',').map((k) => k.trim()).filter(Boolean) as CorrelationKey[] }, 'wait-correlateBy')}
          />
          <TextField label="Timeout" value={w.timeout} help={problemOf('wait.timeout') ?? 'Then the “timeout” outcome is taken; 0: no timeout'} disabled={disabled} onChange={(timeout) => setWait({ ...w, timeout }, 'wait-timeout')} />
        </>
      )}
    </>
  );
}

/** The starting values of each kind of wait. */
function newWait(type: string): WaitSpec {
  if (type === 'duration') return { type, duration: '5m' };
  if (type === 'until') return { type, expression: 'data.dueAt' };
  if (type === 'message') return { type, message: 'activated', correlateBy: ['msisdn'], timeout: '1h' };
  return { type: 'signal', signal: 'confirmed', timeout: '1h' };
}

export function LinkEventForm({ node, set, disabled, problemOf }: NodeFormProps<NodeOfKind<'link-event'>>) {
  const { data } = useCanvasCatalog();
  const known = data.eventCodes.some((c) => c.code === node.eventCode);
  return (
    <>
      <SelectField label="Event code" value={node.eventCode} options={data.eventCodes.map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }))} allowEmpty={known ? undefined : `${node.eventCode} (unknown)`} help={problemOf('eventCode')} disabled={disabled} onChange={(eventCode) => set((n) => ({ ...n, eventCode }), 'eventCode')} />
      <TextField label="Delay" value={node.delay} placeholder="none" help={problemOf('delay') ?? 'Start the linked run after this delay, e.g. 1h'} disabled={disabled} onChange={(delay) => set((n) => ({ ...n, delay: delay || undefined }), 'delay')} />
      <ExpressionField label="Data" optional value={node.data} placeholder="data" help="Default: this run's data" problem={problemOf('data')} disabled={disabled} onChange={(d) => set((n) => ({ ...n, data: d || undefined }), 'data')} />
    </>
  );
}

export function EndForm({ node, set, disabled }: NodeFormProps<NodeOfKind<'end'>>) {
  return (
    <>
      <SelectField label="Result" value={node.result ?? 'completed'} options={['completed', 'failed']} disabled={disabled} onChange={(result) => set((n) => ({ ...n, result: result as 'completed' | 'failed' }), 'result')} />
      <TextField label="Reason" value={node.reason} disabled={disabled} onChange={(reason) => set((n) => ({ ...n, reason: reason || undefined }), 'reason')} />
    </>
  );
}
