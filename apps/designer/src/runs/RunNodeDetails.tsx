import type { NodeState } from '@signalbox/contracts';
import { api } from '../api/api-client';
import type { ServiceOrderDetail } from '../api/api-types';
import { useAsync } from '../ui/use-async';
import { exchangeSummary, formatElapsed } from './run-format';

function Json({ value }: { value: unknown }) {
  if (value === undefined) return <span className="muted">—</span>;
  // Focusable: a long value scrolls, and a keyboard user must be able to scroll it too.
  return (
    <pre className="json" tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function ServiceOrderLog({ id }: { id: string }) {
  const order = useAsync(() => api.get<ServiceOrderDetail>(`/service-orders/${encodeURIComponent(id)}`), [id]);
  if (order.loading) return <p className="muted small">Loading service order {id}…</p>;
  if (order.error || !order.data) return <p className="field-error">Service order {id}: {order.error}</p>;
  const o = order.data;
  return (
    <div className="so-log">
      <h4>
        Service order <code>{o.id}</code> <span className={`pill so-${String(o.state).toLowerCase()}`}>{o.state}</span>
      </h4>
      {!o.exchanges?.length ? (
        <p className="muted small">Nothing exchanged with the provider yet.</p>
      ) : (
        <ol className="exchanges">
          {o.exchanges.map((x) => (
            <li key={x.seq}>
              <details>
                <summary className="small">{exchangeSummary(x)}</summary>
                <Json value={x} />
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** What one node did in a run: status, timings, inputs, outputs, error and the provider exchange. */
export function RunNodeDetails({ state }: { state: NodeState }) {
  const heldUntil = state.status === 'scheduled' ? state.heldUntil : undefined;
  return (
    <section className="run-details" aria-label="Run details of this step">
      <div className="row">
        <span className={`pill status-${state.status}`}>{state.status}</span>
        {state.outcome && <span className="muted">→ {state.outcome}</span>}
        {state.startedAt && <span className="muted">{formatElapsed(state.startedAt, state.endedAt)}</span>}
        {state.attempt && state.attempt > 1 ? <span className="muted">attempt {state.attempt}</span> : null}
      </div>
      {state.error && <div className="banner banner-error">{state.error}</div>}
      {heldUntil && <div className="banner banner-info">Held for the provider's maintenance window until {new Date(heldUntil).toLocaleString()}</div>}
      <details open>
        <summary>Input</summary>
        <Json value={state.input} />
      </details>
      <details open>
        <summary>Output</summary>
        <Json value={state.output} />
      </details>
      {/* A held order is created when it leaves: until then there is no log to load. */}
      {state.serviceOrderId && !heldUntil && <ServiceOrderLog id={state.serviceOrderId} />}
    </section>
  );
}
