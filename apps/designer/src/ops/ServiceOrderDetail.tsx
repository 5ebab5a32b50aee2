import { useState } from 'react';
import { allows } from '@signalbox/domain';
import { redactForLog } from '@signalbox/contracts';
import { api, ApiError, errorMessage } from '../api/api-client';
import type { ServiceOrderDetail, ServiceOrderExchange } from '../api/api-types';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';

/** The state changes of an order, oldest first, from its exchange log. */
function stateHistory(exchanges: ServiceOrderExchange[]) {
  return exchanges
    .filter((x) => x.direction === 'state-change')
    .map((x) => {
      const p = (x.payload ?? {}) as { from?: string; to?: string };
      return { seq: x.seq, at: x.at, from: p.from ?? '?', to: p.to ?? '?', note: x.note, refused: x.note?.startsWith('refused') ?? false };
    });
}

/**
 * One service order: what it asks, its state history, and every request and answer exchanged with
 * the provider (HTTP status, latency, note; the payload opens on demand). Payloads pass through
 * the same redaction as log lines, so a secret a provider echoed back is never shown.
 */
export function ServiceOrderDetailView({ id }: { id: string }) {
  const order = useAsync(() => api.get<ServiceOrderDetail>(`/service-orders/${encodeURIComponent(id)}`), [id]);
  if (order.loading && !order.data) return <Loading what="Loading the service order" />;
  if (order.error || !order.data) return <ErrorState message={order.error ?? 'No order'} onRetry={order.reload} />;
  const o = order.data;
  const history = stateHistory(o.exchanges);
  const wire = o.exchanges.filter((x) => x.direction !== 'state-change');
  return (
    <div className="screen-main" data-testid="order-detail">
      <header className="screen-header">
        <div>
          <p className="small">
            <a href={href('ops', 'orders')}>‹ Service orders</a>
          </p>
          <h1>
            {o.action} {o.serviceType} at {o.providerCode}
          </h1>
          <p className="muted">
            <span className={`pill order-${o.state}`}>{o.state}</span> <span className="mono small">{o.id}</span> · {o.kind} · {o.mode}
            {o.priority === 'express' ? ' · express' : ''}
            {o.isTest ? ' · test' : ''}
          </p>
        </div>
        <div className="toolbar">
          <button className="btn" onClick={order.reload}>
            Refresh
          </button>
          {o.runWorkflowId && (
            <a className="btn" href={href('runs', o.runWorkflowId)}>
              Open the run
            </a>
          )}
        </div>
      </header>
      <dl className="facts">
        <dt>Service</dt>
        <dd className="mono">{o.serviceKey}</dd>
        <dt>Subject</dt>
        <dd className="mono">{Object.entries(o.subject).map(([k, v]) => `${k}=${v}`).join(' ') || '—'}</dd>
        <dt>Step</dt>
        <dd className="mono">{o.nodeId ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(o.createdAt)}</dd>
        <dt>Closed</dt>
        <dd>{o.closedAt ? formatTime(o.closedAt) : 'open'}</dd>
      </dl>

      <h2>State history</h2>
      {!history.length ? (
        <p className="muted">No state change yet: the order is {o.state}.</p>
      ) : (
        <ol className="state-history" data-testid="order-history">
          {history.map((h) => (
            <li key={h.seq} className={h.refused ? 'refused' : undefined}>
              <span className="muted small">{formatTime(h.at)}</span> <span className="mono">{h.from}</span> → <span className="mono">{h.to}</span>
              {h.note ? <span className="muted small"> — {h.note}</span> : null}
            </li>
          ))}
        </ol>
      )}

      <h2>Exchange log</h2>
      {!wire.length ? (
        <p className="muted">Nothing exchanged with the provider yet.</p>
      ) : (
        <table className="table table-compact exchange-log" data-testid="exchange-log">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Direction</th>
              <th>HTTP</th>
              <th>Latency</th>
              <th>Note</th>
              <th>Payload</th>
            </tr>
          </thead>
          <tbody>
            {wire.map((x) => (
              <tr key={x.seq}>
                <td className="muted">{x.seq}</td>
                <td className="small">{formatTime(x.at)}</td>
                <td>{x.direction}</td>
                <td>{x.httpStatus === null ? <span className="muted">—</span> : <span className={`pill ${x.httpStatus < 400 ? 'pill-ok' : 'pill-err'}`}>{x.httpStatus}</span>}</td>
                <td className="small">{x.latencyMs === null ? '—' : `${x.latencyMs} ms`}</td>
                <td className="small">{x.note ?? ''}</td>
                <td>
                  <details>
                    <summary className="small">show</summary>
                    <pre className="json">{JSON.stringify(redactForLog(x.payload), null, 2)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OperatorAnswer order={o} onDone={order.reload} />
    </div>
  );
}

/**
 * Record the provider's answer by hand (POST …/response, the `respond` permission: agents and
 * admins), for an order whose provider answered out of band. Closed orders keep their answer.
 */
function OperatorAnswer({ order, onDone }: { order: ServiceOrderDetail; onDone(): void }) {
  const { me } = useSession();
  const [status, setStatus] = useState<'COMPLETED' | 'FAILED'>('COMPLETED');
  const [message, setMessage] = useState('');
  const [state, setState] = useState<{ busy?: boolean; error?: string; done?: string }>({});
  if (!allows(me.role, 'respond') || order.closedAt) return null;
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    try {
      await api.post(`/service-orders/${encodeURIComponent(order.id)}/response`, { serviceOrderId: order.id, status, ...(message.trim() ? { message: message.trim() } : {}) });
      setState({ done: `Recorded ${status} and passed it to the run.` });
      onDone();
    } catch (err) {
      setState({ error: err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : errorMessage(err) });
    }
  };
  return (
    <form className="card" onSubmit={send} aria-label="Record the provider's answer">
      <h2>Record the provider's answer</h2>
      <p className="muted small">For an order the provider settled out of band: the run continues as if the provider had called back.</p>
      <div className="row">
        <label className="filter">
          <span>Answer</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as 'COMPLETED' | 'FAILED')}>
            <option>COMPLETED</option>
            <option>FAILED</option>
          </select>
        </label>
        <label className="filter">
          <span>Message (optional)</span>
          <input value={message} maxLength={2000} onChange={(e) => setMessage(e.target.value)} />
        </label>
        <button className="btn btn-primary" disabled={state.busy}>
          Record
        </button>
      </div>
      {state.done && <Banner kind="ok">{state.done}</Banner>}
      {state.error && <Banner kind="error">{state.error}</Banner>}
    </form>
  );
}
