import { useId, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/api-client';
import type { RunDetail } from '../api/api-types';
import { usePermissions } from '../app/session';
import { href } from '../app/router';
import { IncidentActions } from './IncidentActions';
import { isOpen, linkedRuns, openIncidents, parsePayload, waitingSignals, type WaitingSignal } from './run-actions.model';

function SignalForm({ runId, waiting, onDone }: { runId: string; waiting: WaitingSignal; onDone(): void }) {
  const id = useId();
  const [payload, setPayload] = useState('{}');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parsePayload(payload);
    if ('error' in parsed) return setError(`Payload ${parsed.error}`);
    setBusy(true);
    setError(null);
    try {
      await api.post(`/runs/${encodeURIComponent(runId)}/signal`, { name: waiting.signal, payload: parsed.payload });
      setSent(true);
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="signal-form" aria-label={`Send ${waiting.signal}`} onSubmit={send} data-testid={`signal-${waiting.nodeId}`}>
      <div className="small">
        <strong>{waiting.label ?? `Step ${waiting.nodeId}`}</strong> waits for the signal <code>{waiting.signal}</code>.
      </div>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>Payload (JSON)</label>
        <textarea id={id} rows={3} value={payload} onChange={(e) => setPayload(e.target.value)} aria-describedby={`${id}-help`} />
        <div id={`${id}-help`} className="field-help">
          Becomes this step&apos;s output (<code>{`nodes.${waiting.nodeId}.output.payload`}</code>) for the steps after it.
        </div>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <button className="btn btn-primary" disabled={busy || sent}>
        {busy ? 'Sending…' : `Send ${waiting.signal}`}
      </button>
      {sent && (
        <span className="muted small" role="status">
          Sent; the run moves on at its next step.
        </span>
      )}
    </form>
  );
}

/**
 * What a user can do to a run from the designer: decide a step parked as an incident (retry, skip,
 * fail), send a waiting step its signal (with a payload), cancel the run, and follow the runs it started through linked events. The overlay refreshes by
 * itself (the run is polled); `onChanged` asks for a refresh at once after an action.
 */
export function RunActions({ run, onChanged }: { run: RunDetail; onChanged(): void }) {
  const perms = usePermissions();
  const [cancelState, setCancelState] = useState<{ busy: boolean; message?: string; error?: string }>({ busy: false });
  const waiting = waitingSignals(run.graph, run.state);
  const linked = linkedRuns(run.graph, run.state);
  const incidents = openIncidents(run.graph, run.state);
  const open = isOpen(run.status);
  const cancel = async () => {
    if (!window.confirm(`Cancel run ${run.runId}? Steps already done stay done; compensation runs where the workflow defines it.`)) return;
    setCancelState({ busy: true });
    try {
      await api.post(`/runs/${encodeURIComponent(run.runId)}/cancel`);
      setCancelState({ busy: false, message: 'Cancel requested; the run stops at its next step.' });
      onChanged();
    } catch (err) {
      setCancelState({ busy: false, error: errorMessage(err) });
    }
  };
  return (
    <section className="run-actions" aria-label="Run actions">
      {open && waiting.length > 0 && !perms.operate && (
        <p className="muted small">
          Waiting for {waiting.map((w) => w.signal).join(', ')}. Sending signals and cancelling runs need the operator or admin role.
        </p>
      )}
      {open && incidents.length > 0 && !perms.operate && <p className="muted small">Parked as an incident at {incidents.map((i) => i.nodeId).join(', ')}. Deciding needs the operator or admin role.</p>}
      {open && perms.operate && incidents.map((i) => <IncidentActions key={i.nodeId} runId={run.runId} incident={i} onDone={onChanged} />)}
      {open && perms.operate && waiting.map((w) => <SignalForm key={`${w.nodeId}:${w.since ?? ''}`} runId={run.runId} waiting={w} onDone={onChanged} />)}
      {run.parentRunId && (
        <p className="small">
          Started by a linked-event step of <a href={href('runs', run.parentRunId)}>{run.parentRunId}</a>
        </p>
      )}
      {linked.length > 0 && (
        <div className="linked-runs">
          <h3>Linked runs</h3>
          <ul>
            {linked.map((l) => (
              <li key={l.nodeId}>
                <a href={href('runs', l.runId)}>{l.eventCode}</a> <span className="muted small">from {l.label ?? `step ${l.nodeId}`}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {open && perms.operate && (
        <div className="row">
          <button className="btn btn-danger" disabled={cancelState.busy || !!cancelState.message} onClick={() => void cancel()}>
            {cancelState.busy ? 'Cancelling…' : 'Cancel run'}
          </button>
        </div>
      )}
      {cancelState.message && <div className="banner banner-info">{cancelState.message}</div>}
      {cancelState.error && (
        <div className="banner banner-error" role="alert">
          {cancelState.error}
        </div>
      )}
    </section>
  );
}
