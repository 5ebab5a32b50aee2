import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import { href } from '../app/router';
import { usePermissions } from '../app/session';
import { formatElapsed, formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { describeSchedule, describeSource } from './batch-format';
import type { BatchDefinition, BatchExecution, BatchWithSchedule } from './ops.types';

const POLL_MS = 2000;

/**
 * A batch definition: its schedule as Temporal holds it (paused, next runs), run now / pause /
 * resume, and its run log — each execution with subjects read, runs started and how those runs
 * stand now. The log refreshes while an execution is running.
 */
export function BatchDetailView({ code }: { code: string }) {
  const { operate } = usePermissions();
  const detail = useAsync(
    () => Promise.all([api.get<BatchWithSchedule>(`/batches/${encodeURIComponent(code)}`), api.get<{ items: BatchDefinition[] }>('/batches')]).then(([d, all]) => ({ ...d, definition: all.items.find((b) => b.code === code) })),
    [code],
  );
  const log = useAsync(() => api.get<{ items: BatchExecution[] }>(`/batches/${encodeURIComponent(code)}/executions?limit=20`), [code]);
  const [action, setAction] = useState<{ busy?: string; error?: string; done?: string }>({});
  const running = log.data?.items.some((e) => e.status === 'running' || (e.runs?.open ?? 0) > 0) ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(log.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, log.reload]);

  const act = async (what: 'trigger' | 'pause' | 'resume', done: string) => {
    setAction({ busy: what });
    try {
      await api.post(`/batches/${encodeURIComponent(code)}/${what}`);
      setAction({ done });
      detail.reload();
      log.reload();
    } catch (err) {
      setAction({ error: errorMessage(err) });
    }
  };
  // A run started now shows in the log once its workflow opened the execution: poll until it does.
  useEffect(() => {
    if (action.done !== 'Started an execution.' || running) return;
    const timer = setInterval(log.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [action.done, running, log.reload]);

  if (detail.loading && !detail.data) return <Loading what="Loading the batch" />;
  if (detail.error || !detail.data) return <ErrorState message={detail.error ?? 'No batch'} onRetry={detail.reload} />;
  const b = detail.data;
  const schedule = b.schedule;
  return (
    <div className="screen-main" data-testid="batch-detail">
      <header className="screen-header">
        <div>
          <p className="small">
            <a href={href('ops', 'batches')}>‹ Batches</a>
          </p>
          <h1>Batch {b.code}</h1>
          <p className="muted">
            Raises <span className="mono">{b.eventCode}</span> for {describeSource(b.source)}
            {b.definition ? `, ${describeSchedule(b.definition.schedule)}` : ''}.{b.description ? ` ${b.description}` : ''}
          </p>
        </div>
        {operate && schedule && (
          <div className="toolbar">
            <button className="btn btn-primary" disabled={!!action.busy} onClick={() => void act('trigger', 'Started an execution.')}>
              Run now
            </button>
            {schedule.paused ? (
              <button className="btn" disabled={!!action.busy} onClick={() => void act('resume', 'Resumed the schedule.')}>
                Resume
              </button>
            ) : (
              <button className="btn" disabled={!!action.busy} onClick={() => void act('pause', 'Paused the schedule.')}>
                Pause
              </button>
            )}
          </div>
        )}
      </header>
      {action.done && <Banner kind="ok" onClose={() => setAction({})}>{action.done}</Banner>}
      {action.error && <Banner kind="error" onClose={() => setAction({})}>{action.error}</Banner>}
      {!schedule ? (
        <Banner kind="error">Its Temporal schedule is gone (deleted outside Signalbox?): delete the batch and create it again.</Banner>
      ) : (
        <dl className="facts">
          <dt>Schedule</dt>
          <dd>
            <span className={`pill ${schedule.paused ? 'pill-warn' : 'pill-ok'}`}>{schedule.paused ? 'paused' : 'active'}</span> <span className="mono small">{schedule.id}</span>
            {schedule.note ? <span className="muted small"> — {schedule.note}</span> : null}
          </dd>
          <dt>Next runs</dt>
          <dd>{schedule.nextActionTimes.length ? schedule.nextActionTimes.map(formatTime).join(', ') : <span className="muted">none scheduled</span>}</dd>
          <dt>Paging</dt>
          <dd>
            {b.paging.pageSize} subjects a page, at most {b.paging.startsPerSecond} runs started a second
          </dd>
        </dl>
      )}

      <h2>Run log</h2>
      {log.loading && !log.data ? (
        <Loading what="Loading the run log" />
      ) : log.error ? (
        <ErrorState message={log.error} onRetry={log.reload} />
      ) : !log.data?.items.length ? (
        <Empty title="No executions yet.">{operate ? 'Run now starts one; the schedule starts the next.' : 'The schedule starts the next one.'}</Empty>
      ) : (
        <table className="table table-compact" data-testid="batch-executions">
          <thead>
            <tr>
              <th>Started</th>
              <th>Status</th>
              <th>Runs started</th>
              <th>Completed</th>
              <th>Failed</th>
              <th>Incidents</th>
              <th>Still open</th>
              <th>Took</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((e) => (
              <tr key={e.id}>
                <td className="small">
                  {formatTime(e.startedAt)}
                  {e.scheduledAt ? <div className="muted">scheduled {formatTime(e.scheduledAt)}</div> : null}
                </td>
                <td>
                  <span className={`pill rec-${e.status}`}>{e.status}</span>
                  {e.error ? <div className="field-error small">{e.error}</div> : null}
                </td>
                <td>
                  <div className="small" data-testid="execution-started">
                    {e.started} of {e.subjects}
                  </div>
                  <progress max={Math.max(e.subjects, 1)} value={e.started} aria-label={`Runs started: ${e.started} of ${e.subjects}`} />
                </td>
                {e.runs ? (
                  <>
                    <td>{e.runs.completed}</td>
                    <td className={e.runs.failed ? 'field-error' : undefined}>{e.runs.failed}</td>
                    <td>
                      {e.runs.incidents ? (
                        <a href={href('ops', 'incidents')} title="Open the incidents screen">
                          {e.runs.incidents}
                        </a>
                      ) : (
                        0
                      )}
                    </td>
                    <td>{e.runs.open}</td>
                  </>
                ) : (
                  <td colSpan={4} className="muted small">
                    {e.runsError ?? 'run counts unavailable'}
                  </td>
                )}
                <td className="muted small">{e.finishedAt ? formatElapsed(e.startedAt, e.finishedAt) : 'running'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
