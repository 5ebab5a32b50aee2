import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import { bulkCounts } from './bulk.model';
import type { BulkStarted, BulkStatus } from './ops.types';

const POLL_MS = 1000;

/**
 * A bulk operation while it runs and when it ends: n of m runs acted on, what was refused or
 * failed and why (the API keeps the first 20 errors), and a link to its workflow in Temporal.
 */
export function BulkProgress({ started, label, onDone }: { started: BulkStarted; label: string; onDone(status: BulkStatus): void }) {
  const [status, setStatus] = useState<BulkStatus>();
  const [error, setError] = useState<string>();
  // The caller's callback may change between renders; a new one must not restart the polling.
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.get<BulkStatus>(`/runs/bulk/${started.id}`);
        if (stopped) return;
        setStatus(s);
        setError(undefined);
        if (s.done) return onDoneRef.current(s);
      } catch (err) {
        if (stopped) return;
        setError(errorMessage(err)); // keep polling: Temporal may answer on the next try
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [started.id]);
  const { processed, total } = bulkCounts(status ?? { listed: 0, applied: 0, refused: 0, failed: 0 }, started.count);
  const done = status?.done ?? false;
  return (
    <section className="bulk-progress card" aria-label={`${label} progress`} data-testid="bulk-progress">
      <div className="row bulk-progress-head">
        <strong>{done ? `${label}: done` : `${label}…`}</strong>
        <span role="status" data-testid="bulk-count">
          {processed} of {total} run{total === 1 ? '' : 's'}
        </span>
        <a href={started.temporalUrl} target="_blank" rel="noreferrer" className="small">
          Temporal ↗
        </a>
      </div>
      <progress max={Math.max(total, 1)} value={processed} aria-label={`${label}: ${processed} of ${total} runs`} />
      {status && (
        <dl className="counts counts-inline">
          <div>
            <dt>applied</dt>
            <dd>{status.applied}</dd>
          </div>
          <div>
            <dt>refused</dt>
            <dd>{status.refused}</dd>
          </div>
          <div>
            <dt>failed</dt>
            <dd>{status.failed}</dd>
          </div>
        </dl>
      )}
      {done && status && (
        <p className={status.refused + status.failed ? 'field-error' : 'muted'} data-testid="bulk-result">
          {status.status === 'COMPLETED' ? '' : `The operation ended ${status.status.toLowerCase()}. `}
          {status.applied} applied, {status.refused} refused, {status.failed} failed.
        </p>
      )}
      {status && status.errors.length > 0 && (
        <ul className="bulk-errors small" aria-label="Runs not acted on">
          {status.errors.map((e) => (
            <li key={e.runId}>
              <span className="mono">{e.runId}</span>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          Progress unavailable: {error}
        </p>
      )}
    </section>
  );
}
