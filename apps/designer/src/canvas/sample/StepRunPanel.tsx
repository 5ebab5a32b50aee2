import { useState } from 'react';
import { ApiError, api, errorMessage, type FieldProblem } from '../../api/api-client';
import { href } from '../../app/router';
import { RunNodeDetails } from '../../runs/RunNodeDetails';
import { formatElapsed } from '../../runs/run-format';
import { useRunPoll } from '../../runs/use-run-poll';
import { usePinnedSample } from './pinned-sample.store';
import type { StepRunScope } from './step-run.context';

/**
 * "Run this step": the open action or message step alone, with the pinned sample as its input,
 * against the simulator (`POST /api/workflows/{code}/steps/{id}/test-run`); the run is polled until
 * it ends and the step's outcome, output and provider exchange are shown here.
 */
export function StepRunPanel({ scope, nodeId }: { scope: StepRunScope; nodeId: string }) {
  const sample = usePinnedSample(scope.eventCode);
  const [runId, setRunId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const { run, error: pollError } = useRunPoll(runId);

  const start = async () => {
    if (!sample) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    setRunId(null);
    try {
      // The step is cut from the saved draft: save what the canvas shows first.
      await scope.flushSave();
      const res = await api.post<{ runId: string }>(`/workflows/${encodeURIComponent(scope.eventCode)}/steps/${encodeURIComponent(nodeId)}/test-run`, sample);
      setRunId(res.runId);
    } catch (e) {
      setError(errorMessage(e));
      if (e instanceof ApiError) setProblems(e.problems);
    } finally {
      setBusy(false);
    }
  };

  const state = run?.state?.nodes[nodeId];
  return (
    <section className="step-run" aria-label="Run this step">
      <div className="row">
        <button className="btn" disabled={busy || !sample} onClick={() => void start()}>
          {busy ? 'Starting…' : 'Run this step'}
        </button>
        <span className="muted small">{sample ? 'with the pinned sample, against the simulator' : 'Pin sample data in the Test run tab first'}</span>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
          {problems.length > 0 && (
            <ul className="problem-lines">
              {problems.map((p, i) => (
                <li key={i}>
                  {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {runId && !run && <p className="muted small">{pollError ? `Waiting for the run… (${pollError})` : 'Starting the step…'}</p>}
      {run && (
        <div className="step-run-result" data-testid="step-run-result" data-status={run.status}>
          <div className="row small">
            <span className={`pill run-${run.status}`}>{run.status}</span>
            <span className="muted">{formatElapsed(run.startedAt, run.closedAt)}</span>
            <a href={href('runs', run.runId)}>open the run</a>
          </div>
          {run.state?.reason && <div className="banner banner-error">{run.state.reason}</div>}
          {/* Keyed by status: the service order's log is read again once the step has settled. */}
          {state ? <RunNodeDetails key={`${state.status}:${run.status}`} state={state} /> : <p className="muted small">The step has not started yet.</p>}
        </div>
      )}
    </section>
  );
}
