import { useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/api-client';
import type { RunDetail } from '../../api/api-types';
import { ProblemsContext, TextField } from '../../forms/fields';
import type { FieldProblem } from '../../api/api-client';
import { formatElapsed } from '../../runs/run-format';
import { RunActions } from '../../runs/RunActions';
import { href } from '../../app/router';

const SUBJECT_FIELDS = [
  { key: 'msisdn', label: 'MSISDN', placeholder: '447700900123' },
  { key: 'accountId', label: 'Account id', placeholder: 'ACC-1001' },
  { key: 'serviceId', label: 'Service id', placeholder: 'SRV-1' },
  { key: 'customerId', label: 'Customer id', placeholder: 'CUS-1' },
  { key: 'imsi', label: 'IMSI', placeholder: '234150000000001' },
] as const;

/** Runs the draft against the simulator with a sample subject; the canvas shows the run live. */
export function TestRunPanel(props: { eventCode: string; run: RunDetail | null; pollError: string | null; onStarted(runId: string): void; onClear(): void; onRefresh(): void; beforeStart?(): Promise<void>; hasErrors: boolean }) {
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
  const run = props.run;
  return (
    <div className="testrun-panel" aria-label="Test run">
      <header className="panel-header">
        <h2>Test run</h2>
      </header>
      <p className="muted small">Runs the draft against the network simulator. Test runs are tagged and never reach a real provider.</p>
      <ProblemsContext.Provider value={problems}>
        {SUBJECT_FIELDS.map((f) => (
          <TextField key={f.key} label={f.label} path={`subject.${f.key}`} placeholder={f.placeholder} value={subject[f.key] ?? ''} onChange={(v) => setSubject({ ...subject, [f.key]: v })} />
        ))}
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
