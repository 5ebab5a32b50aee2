import { useId, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/api-client';
import { parsePayload, type OpenIncidentView } from './run-actions.model';

type Decision = 'retry' | 'skip' | 'fail';

/**
 * One parked step of a run: retry it (optionally replacing some inputs), skip it with an outcome
 * and output, or fail the run. The API answers whether the run took the decision.
 */
export function IncidentActions({ runId, incident, onDone }: { runId: string; incident: OpenIncidentView; onDone(): void }) {
  const id = useId();
  const [json, setJson] = useState('{}');
  const [outcome, setOutcome] = useState(incident.skipOutcomes[0] ?? 'success');
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ busy: boolean; done?: string; error?: string }>({ busy: false });
  const decide = async (decision: Decision) => {
    let body: Record<string, unknown> = { nodeId: incident.nodeId };
    if (decision !== 'fail') {
      const parsed = parsePayload(json);
      if ('error' in parsed) return setState({ busy: false, error: `${decision === 'retry' ? 'Inputs' : 'Output'} ${parsed.error}` });
      const given = Object.keys(parsed.payload).length > 0 ? parsed.payload : undefined;
      body = decision === 'retry' ? { ...body, ...(given ? { inputs: given } : {}) } : { ...body, outcome, ...(given ? { output: given } : {}) };
    } else {
      if (!window.confirm(`Fail run ${runId} at ${incident.label ?? incident.nodeId}?`)) return;
      if (reason.trim()) body = { ...body, reason: reason.trim() };
    }
    setState({ busy: true });
    try {
      await api.post(`/runs/${encodeURIComponent(runId)}/incident/${decision}`, body);
      setState({ busy: false, done: decision === 'retry' ? 'Retrying the step.' : decision === 'skip' ? `Skipped with ${outcome}.` : 'The run is failing.' });
      onDone();
    } catch (err) {
      setState({ busy: false, error: err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : errorMessage(err) });
    }
  };
  const locked = state.busy || !!state.done;
  return (
    <div className="incident-actions" role="group" aria-label={`Incident at ${incident.nodeId}`} data-testid={`incident-${incident.nodeId}`}>
      <div className="small">
        <strong>{incident.label ?? `Step ${incident.nodeId}`}</strong> is parked as an incident ({incident.outcome}): {incident.error}
      </div>
      <div className="field">
        <label htmlFor={`${id}-json`}>Inputs for a retry, or output for a skip (JSON)</label>
        <textarea id={`${id}-json`} rows={2} value={json} disabled={locked} onChange={(e) => setJson(e.target.value)} />
      </div>
      <div className="row">
        <button className="btn btn-primary" disabled={locked} onClick={() => void decide('retry')}>
          Retry
        </button>
        <select aria-label="Outcome for a skip" value={outcome} disabled={locked} onChange={(e) => setOutcome(e.target.value)}>
          {incident.skipOutcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <button className="btn" disabled={locked} onClick={() => void decide('skip')}>
          Skip
        </button>
        <input aria-label="Reason for failing the run" placeholder="Reason (optional)" value={reason} disabled={locked} onChange={(e) => setReason(e.target.value)} />
        <button className="btn btn-danger" disabled={locked} onClick={() => void decide('fail')}>
          Fail run
        </button>
      </div>
      {state.done && (
        <span className="muted small" role="status">
          {state.done}
        </span>
      )}
      {state.error && (
        <div className="banner banner-error" role="alert">
          {state.error}
        </div>
      )}
    </div>
  );
}
