import { useState } from 'react';
import type { EventCode, InboundEvent } from '@signalbox/domain';
import { api, errorMessage, fetchAll } from '../api/api-client';
import { useAsync } from '../ui/use-async';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { usePermissions } from '../app/session';

/** Rows: inbound event names; columns: event codes; a checkbox per subscription. */
export function InboundMatrix() {
  const perms = usePermissions();
  const data = useAsync(async () => ({ inbound: await fetchAll<InboundEvent>('inbound-events'), codes: await fetchAll<EventCode>('event-codes') }), []);
  const [saving, setSaving] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [filter, setFilter] = useState('');
  const [newName, setNewName] = useState('');

  if (data.loading && !data.data) return <Loading what="Loading the subscriptions" />;
  if (data.error || !data.data) return <ErrorState message={data.error ?? 'No data'} onRetry={data.reload} />;
  const { inbound, codes } = data.data;
  const rows = inbound.filter((r) => r.name.toLowerCase().includes(filter.toLowerCase()));

  const toggle = async (row: InboundEvent, code: string, on: boolean) => {
    const subscriptions = on ? [...row.subscriptions, code] : row.subscriptions.filter((c) => c !== code);
    setSaving(`${row.name}|${code}`);
    setMessage(null);
    // Ticked at once; put back if the API refuses.
    data.setData({ inbound: inbound.map((r) => (r.name === row.name ? { ...r, subscriptions } : r)), codes });
    try {
      await api.put(`/inbound-events/${encodeURIComponent(row.name)}/subscriptions`, { subscriptions });
    } catch (e) {
      data.setData({ inbound, codes });
      setMessage({ kind: 'error', text: `Could not save ${row.name} → ${code}: ${errorMessage(e)}` });
    } finally {
      setSaving(null);
    }
  };
  const addRow = async () => {
    try {
      await api.post('/inbound-events', { name: newName.trim(), subscriptions: [] });
      setNewName('');
      data.reload();
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <div className="screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>Inbound mapping</h1>
            <p className="muted">Which event codes each upstream event name raises. Tick a cell to subscribe; it saves at once.</p>
          </div>
          <div className="toolbar">
            <input className="search" type="search" placeholder="Filter names…" aria-label="Filter inbound names" value={filter} onChange={(e) => setFilter(e.target.value)} />
            {perms.editCatalog && (
              <>
                <input className="new-name" placeholder="Object/Event" value={newName} onChange={(e) => setNewName(e.target.value)} aria-label="New inbound event name" />
                <button className="btn" disabled={!newName.trim()} onClick={addRow}>
                  Add inbound event
                </button>
              </>
            )}
          </div>
        </header>
        {message && (
          <Banner kind={message.kind} onClose={() => setMessage(null)}>
            {message.text}
          </Banner>
        )}
        {!inbound.length || !codes.length ? (
          <Empty title={!inbound.length ? 'No inbound event names yet.' : 'No event codes yet.'}>{!inbound.length ? 'Add one above, e.g. Account/New.' : 'Create event codes first, then subscribe them here.'}</Empty>
        ) : (
          <div className="matrix-wrap">
            <table className="table matrix">
              <thead>
                <tr>
                  <th className="matrix-corner">Inbound event \ Event code</th>
                  {codes.map((c) => (
                    <th key={c.code} className="matrix-col" title={c.name}>
                      <span>{c.code}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.name}>
                    <th scope="row" title={r.description}>
                      {r.name}
                      {r.dispatchToAccounts && <span className="pill">per account</span>}
                    </th>
                    {codes.map((c) => {
                      const on = r.subscriptions.includes(c.code);
                      return (
                        <td key={c.code} className={`matrix-cell${on ? ' on' : ''}`}>
                          <input
                            type="checkbox"
                            aria-label={`${r.name} raises ${c.code}`}
                            checked={on}
                            disabled={!perms.editCatalog || saving === `${r.name}|${c.code}`}
                            onChange={(e) => toggle(r, c.code, e.target.checked)}
                          />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
