import { useState } from 'react';
import { allows } from '@signalbox/domain';
import { api, errorMessage, query } from '../api/api-client';
import { navigate } from '../app/router';
import { useSession } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import type { Delivery, Subscription } from './integrations.types';

/** The TMF hub's log has its own route; every native subscription has one of its own. */
const TMF_HUB = 'tmf-hub';

/**
 * The delivery log of one native subscription or of the TMF hub's listeners: each event's attempts,
 * last HTTP status and error; `dead` rows are dead letters, which operators re-drive.
 */
export function DeliveriesScreen({ subscriptionId }: { subscriptionId?: string }) {
  const subscriptions = useAsync(() => api.get<Subscription[]>('/subscriptions'), []);
  if (subscriptions.loading && !subscriptions.data) return <Loading what="Loading subscriptions" />;
  if (subscriptions.error) return <ErrorState message={subscriptions.error} onRetry={subscriptions.reload} />;
  const source = subscriptionId ?? subscriptions.data?.[0]?.id ?? TMF_HUB;
  return <DeliveryLog key={source} source={source} subscriptions={subscriptions.data ?? []} />;
}

function DeliveryLog({ source, subscriptions }: { source: string; subscriptions: Subscription[] }) {
  const { me } = useSession();
  const [status, setStatus] = useState('');
  const hub = source === TMF_HUB;
  const canRedrive = allows(me.role, hub ? 'operate' : 'webhookOps');
  const path = hub ? '/tmf-hub/deliveries' : `/subscriptions/${source}/deliveries`;
  const log = useAsync(() => api.get<Delivery[]>(`${path}${query({ status, limit: 200 })}`), [path, status]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const redrive = async (d: Delivery) => {
    try {
      await api.post(`${path}/${d.id}/redrive`);
      setNotice({ kind: 'ok', text: `Event ${d.eventId} is queued again; it is delivered after what is already waiting.` });
      log.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>Deliveries</h1>
          <p className="muted">Each notification's attempts and outcome. A dead letter gave up after the retry window; re-drive it once the listener is back.</p>
        </div>
      </header>
      <div className="filters">
        <label className="filter">
          <span>Subscriber</span>
          <select value={source} onChange={(e) => navigate('integrations', 'deliveries', e.target.value)}>
            {subscriptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.description ? `${s.description} — ${s.url}` : s.url}
              </option>
            ))}
            <option value={TMF_HUB}>TMF641 hub listeners</option>
          </select>
        </label>
        <label className="filter">
          <span>Status</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">all</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="dead">dead letters</option>
            <option value="dropped">dropped</option>
          </select>
        </label>
        <button className="btn" onClick={log.reload}>
          Refresh
        </button>
      </div>
      {notice && (
        <Banner kind={notice.kind} onClose={() => setNotice(undefined)}>
          {notice.text}
        </Banner>
      )}
      {log.loading && !log.data ? (
        <Loading what="Loading deliveries" />
      ) : log.error ? (
        <ErrorState message={log.error} onRetry={log.reload} />
      ) : !log.data?.length ? (
        <Empty title={status === 'dead' ? 'No dead letters.' : 'Nothing delivered yet.'}>Deliveries appear here once a state change the subscriber listens to happens.</Empty>
      ) : (
        <table className="table" data-testid="deliveries-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Type</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Updated</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((d) => (
              <tr key={d.id}>
                <td className="mono small">{d.eventId}</td>
                <td>{d.eventType}</td>
                <td>
                  <span className={`pill delivery-${d.status}`}>{d.status}</span>
                </td>
                <td>{d.attempts}</td>
                <td className="small">
                  {d.lastStatus ?? '—'}
                  {d.lastError && <div className="muted">{d.lastError}</div>}
                </td>
                <td className="muted">{formatTime(d.updatedAt)}</td>
                <td className="row-actions">
                  {d.status === 'dead' && canRedrive && (
                    <button className="btn" onClick={() => void redrive(d)} aria-label={`Re-drive event ${d.eventId}`}>
                      Re-drive
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
