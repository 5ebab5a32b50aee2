import { useState } from 'react';
import { api, ApiError, errorMessage, type FieldProblem } from '../api/api-client';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';

interface HubListener {
  id: string;
  callback: string;
  query?: string;
  createdAt: string;
}

/** TMF641 hub listeners (/api/tmf-hub/listeners): listed for ops; admins register one for an upstream system (secret shown once) and delete. */
export function HubListeners({ manage }: { manage: boolean }) {
  const list = useAsync(() => api.get<HubListener[]>('/tmf-hub/listeners'), []);
  const [callback, setCallback] = useState('');
  const [queryText, setQueryText] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [secret, setSecret] = useState<{ keyId: string; secret: string }>();
  const [error, setError] = useState<string>();
  const problemOf = (field: string) => problems.filter((p) => p.path === field).map((p) => p.message).join('; ');
  const register = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setError(undefined);
    try {
      const created = await api.post<{ signing: { keyId: string; secret: string } }>('/tmf-hub/listeners', { callback: callback.trim(), ...(queryText.trim() ? { query: queryText.trim() } : {}) });
      setSecret(created.signing);
      setCallback('');
      setQueryText('');
      list.reload();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems(err.problems);
      else setError(errorMessage(err));
    }
  };
  const remove = async (l: HubListener) => {
    if (!window.confirm(`Delete the hub listener ${l.callback}? Notifications still queued for it are dropped.`)) return;
    try {
      await api.del(`/tmf-hub/listeners/${l.id}`);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section aria-labelledby="hub-listeners-title">
      <h2 id="hub-listeners-title" className="section-title">
        TMF641 hub listeners
      </h2>
      <p className="muted">Upstream systems usually register these themselves on the TMF API (POST /hub); they get TMF's ServiceOrder events.</p>
      {secret && (
        <Banner kind="ok" onClose={() => setSecret(undefined)}>
          <p>
            Listener registered. Its signing secret is shown <strong>this once</strong>: key id <code>{secret.keyId}</code>, secret <code>{secret.secret}</code>
          </p>
        </Banner>
      )}
      {error && (
        <Banner kind="error" onClose={() => setError(undefined)}>
          {error}
        </Banner>
      )}
      {manage && (
        <form className="filters" onSubmit={register} aria-label="New hub listener">
          <label className="filter">
            <span>Callback URL</span>
            <input value={callback} onChange={(e) => setCallback(e.target.value)} placeholder="https://crm.example/tmf-events" required aria-invalid={problemOf('callback') ? true : undefined} />
            {problemOf('callback') && <span className="field-error">{problemOf('callback')}</span>}
          </label>
          <label className="filter">
            <span>Query (optional)</span>
            <input value={queryText} onChange={(e) => setQueryText(e.target.value)} placeholder="eventType=ServiceOrderStateChangeEvent" aria-invalid={problemOf('query') ? true : undefined} />
            {problemOf('query') && <span className="field-error">{problemOf('query')}</span>}
          </label>
          <button className="btn btn-primary" disabled={!callback.trim()}>
            Register listener
          </button>
        </form>
      )}
      {list.loading && !list.data ? (
        <Loading what="Loading hub listeners" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <Empty title="No hub listeners." />
      ) : (
        <table className="table" data-testid="hub-listeners-table">
          <thead>
            <tr>
              <th>Callback</th>
              <th>Query</th>
              <th>Registered</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((l) => (
              <tr key={l.id}>
                <td className="mono">{l.callback}</td>
                <td className="small">{l.query ?? 'every event'}</td>
                <td className="muted">{formatTime(l.createdAt)}</td>
                <td className="row-actions">
                  {manage && (
                    <button className="btn btn-danger" onClick={() => void remove(l)} aria-label={`Delete the hub listener ${l.callback}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
