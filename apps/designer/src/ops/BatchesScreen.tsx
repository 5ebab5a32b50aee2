import { api } from '../api/api-client';
import { href, navigate } from '../app/router';
import { formatTime } from '../runs/run-format';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { BatchDetailView } from './BatchDetail';
import { describeSchedule, describeSource } from './batch-format';
import type { BatchDefinition } from './ops.types';

/**
 * Operations → Batches: batch definitions (an event code raised for a CSV's lines or a query's
 * subjects, once or on a schedule) and, per definition, its run log with each execution's progress.
 */
export function BatchesScreen({ code }: { code?: string }) {
  return <div className="screen">{code ? <BatchDetailView key={code} code={code} /> : <BatchList />}</div>;
}

function BatchList() {
  const list = useAsync(() => api.get<{ items: BatchDefinition[] }>('/batches'), []);
  return (
    <div className="screen-main">
      <header className="screen-header">
        <div>
          <h1>Batches</h1>
          <p className="muted">Event codes raised for many subjects at once, once or on a schedule (Temporal Schedules). Open one for its run log.</p>
        </div>
        <div className="toolbar">
          <button className="btn" onClick={list.reload}>
            Refresh
          </button>
        </div>
      </header>
      {list.loading && !list.data ? (
        <Loading what="Loading batches" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty title="No batch definitions yet.">Create one with POST /api/batches (a CSV of subjects or a query, and a schedule); see docs/operations.md.</Empty>
      ) : (
        <table className="table" data-testid="batches-table">
          <thead>
            <tr>
              <th>Batch</th>
              <th>Event code</th>
              <th>Subjects</th>
              <th>Schedule</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((b) => (
              <tr key={b.code} onClick={() => navigate('ops', 'batches', b.code)}>
                <td>
                  <a href={href('ops', 'batches', b.code)}>{b.code}</a>
                  {b.description ? <div className="muted small">{b.description}</div> : null}
                </td>
                <td className="mono">{b.eventCode}</td>
                <td className="small">{describeSource(b.source)}</td>
                <td className="small">{describeSchedule(b.schedule)}</td>
                <td className="muted">{formatTime(b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
