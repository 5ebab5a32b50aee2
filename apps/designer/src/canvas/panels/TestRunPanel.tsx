import { useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/api-client';
import type { RunDetail } from '../../api/api-types';
import { ProblemsContext, TextField } from '../../forms/fields';
import type { FieldProblem } from '../../api/api-client';
import type { SubjectKey } from '@signalbox/domain';
import { formatElapsed } from '../../runs/run-format';
import type { SubjectKeyUse } from './subject-keys';
import { RunActions } from '../../runs/RunActions';
import { href } from '../../app/router';
import { PinnedSampleEditor } from '../sample/PinnedSampleEditor';

const LABELS: Record<SubjectKey, { label: string; example: string }> = {
  customerId: { label: 'Customer id', example: 'CUS-1' },
  accountId: { label: 'Account id', example: 'ACC-1001' },
  subscriptionId: { label: 'Subscription id', example: 'SUB-1' },
  serviceId: { label: 'Service id', example: 'SRV-1' },
  msisdn: { label: 'MSISDN', example: '447700900123' },
  imsi: { label: 'IMSI', example: '234150000000001' },
  iccid: { label: 'ICCID', example: '8944000000000000001' },
  deviceId: { label: 'Device id', example: 'DEV-1' },
};
/** Shown when the workflow reads no subject key yet. */
const FALLBACK_KEYS: SubjectKey[] = ['msisdn', 'accountId', 'serviceId', 'customerId', 'imsi'];

/** Runs the draft against the simulator with a sample subject; the canvas shows the run live. */
export function TestRunPanel(props: { eventCode: string; run: RunDetail | null; pollError: string | null; onStarted(runId: string): void; onClear(): void; onRefresh(): void; beforeStart?(): Promise<void>; hasErrors: boolean; keys: SubjectKeyUse[] }) {
  const [subject, setSubject] = useState<Record<string, string>>({ msisdn: '447700900123', accountId: 'ACC-1001', serviceId: 'SRV-1' });
  const [data, setData] = useState('{}');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setError(null);
    setProblems([]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data || '{}');
    } catch {
      setProblems([{ path: 'data', message: 'is not valid JSON' }]);
      return;
    }
    setBusy(true);
    try {
      // The run takes the draft saved on the server: save what the canvas shows first.
      await props.beforeStart?.();
      const body = { subject: Object.fromEntries(Object.entries(subject).filter(([, v]) => v.trim())), data: parsed };
      const res = await api.post<{ runId: string }>(`/workflows/${encodeURIComponent(props.eventCode)}/test-run`, body);
      props.onStarted(res.runId);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const formSample = () => {
    try {
      return { subject: Object.fromEntries(Object.entries(subject).filter(([, v]) => v.trim())), data: JSON.parse(data || '{}') as unknown };
    } catch {
      return { problem: 'is not valid JSON' };
    }
  };
  const run = props.run;
  const fields: SubjectKeyUse[] = props.keys.length ? props.keys : FALLBACK_KEYS.map((key) => ({ key, required: false, usedBy: [] }));
  const missing = fields.filter((f) => f.required && !subject[f.key]?.trim()).map((f) => f.key);
  return (
    <div className="testrun-panel" aria-label="Test run">
      <header className="panel-header">
        <h2>Test run</h2>
      </header>
      <p className="muted small">Runs the draft against the network simulator. Test runs are tagged and never reach a real provider.</p>
      <ProblemsContext.Provider value={problems}>
        {fields.map((f) => (
          <TextField
            key={f.key}
            label={`${LABELS[f.key].label}${f.required ? ' (required)' : ''}`}
            path={`subject.${f.key}`}
            placeholder={`e.g. ${LABELS[f.key].example}`}
            value={subject[f.key] ?? ''}
            help={f.usedBy.length ? `Used by ${f.usedBy.slice(0, 3).join(', ')}${f.usedBy.length > 3 ? '…' : ''}` : undefined}
            onChange={(v) => setSubject({ ...subject, [f.key]: v })}
          />
        ))}
        {missing.length > 0 && (
          <p className="field-help" role="note">
            Empty but used: {missing.map((k) => LABELS[k].label).join(', ')}. The run goes ahead without {missing.length === 1 ? 'it' : 'them'}; an order may be refused or incomplete.
          </p>
        )}
        <TextField label="Data (JSON)" path="data" multiline value={data} onChange={setData} help='Event data, e.g. { "apn": "internet" }' />
      </ProblemsContext.Provider>
      {error && <div className="banner banner-error">{error}</div>}
      <div className="row">
        <button className="btn btn-primary" disabled={busy} onClick={start}>
          {busy ? 'Starting…' : 'Start test run'}
        </button>
        {run && (
          <button className="btn" onClick={props.onClear}>
            Clear overlay
          </button>
        )}
      </div>
      {props.hasErrors && <p className="field-help">The draft has errors; the run may fail where they are.</p>}
      <PinnedSampleEditor eventCode={props.eventCode} fromForm={formSample} run={run} />
      {props.pollError && !run && <p className="muted small">Waiting for the run… ({props.pollError})</p>}
      {run && (
        <div className="run-summary" data-testid="run-summary" data-status={run.status}>
          <div className="row">
            <span className={`pill run-${run.status}`}>{run.status}</span>
            <span className="muted">{formatElapsed(run.startedAt, run.closedAt)}</span>
          </div>
          <div className="small">
            Run <code>{run.runId}</code> · <a href={href('runs', run.runId)}>open the run</a>
          </div>
          <RunActions run={run} onChanged={props.onRefresh} />
          {run.temporalUrl && (
            <a href={run.temporalUrl} target="_blank" rel="noreferrer">
              Open in Temporal UI ↗
            </a>
          )}
          <p className="muted small">Click a step on the canvas for its inputs, outputs and provider exchange.</p>
        </div>
      )}
    </div>
  );
}
