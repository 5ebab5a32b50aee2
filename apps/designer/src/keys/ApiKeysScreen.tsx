import { useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import { usePermissions } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { sortKeys, type ApiKeyView, type CreatedApiKey } from './api-keys.model';
import { CreateKeyForm } from './CreateKeyForm';
import { NewKeyBanner } from './NewKeyBanner';

/** Admins list, create and revoke API keys (`/api/keys`). */
export function ApiKeysScreen() {
  const { adminOnly } = usePermissions();
  return (
    <div className="screen">
      <div className="screen-main keys-screen">{adminOnly ? <KeysManager /> : <Empty title="Only admins manage API keys.">Ask an admin for a key of the role you need.</Empty>}</div>
    </div>
  );
}

function KeysManager() {
  const list = useAsync(() => api.get<{ items: ApiKeyView[] }>('/keys').then((r) => sortKeys(r.items)), []);
  const [created, setCreated] = useState<CreatedApiKey>();
  const [confirming, setConfirming] = useState<string>();
  const [revokeError, setRevokeError] = useState<string>();
  const revoke = async (k: ApiKeyView) => {
    setRevokeError(undefined);
    try {
      await api.del(`/keys/${encodeURIComponent(k.id)}`);
      setConfirming(undefined);
      list.reload();
    } catch (err) {
      setRevokeError(errorMessage(err));
    }
  };
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>API keys</h1>
          <p className="muted">Keys for people and systems. Each has one role; an agent key answers only for the providers named.</p>
        </div>
      </header>
      {created && <NewKeyBanner created={created} onClose={() => setCreated(undefined)} />}
      {revokeError && (
        <Banner kind="error" onClose={() => setRevokeError(undefined)}>
          The key was not revoked: {revokeError}
        </Banner>
      )}
      <CreateKeyForm
        onCreated={(k) => {
          setCreated(k);
          list.reload();
        }}
      />
      {list.loading && !list.data ? (
        <Loading what="Loading API keys" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <Empty title="No API keys yet.">Create one above.</Empty>
      ) : (
        <table className="table keys-table" data-testid="keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Providers</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((k) => (
              <tr key={k.id} className={`static${k.revokedAt ? ' key-revoked' : ''}`} data-key-id={k.id}>
                <td>
                  <div>{k.name}</div>
                  <div className="muted small mono">{k.id}</div>
                </td>
                <td>
                  <span className={`pill role-${k.role}`}>{k.role}</span>
                </td>
                <td className="small">{k.providers?.length ? k.providers.join(', ') : '—'}</td>
                <td className="muted nowrap">{formatTime(k.createdAt)}</td>
                <td className="muted nowrap">{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'}</td>
                <td className="nowrap">{k.revokedAt ? <span className="pill pill-inactive">revoked {formatTime(k.revokedAt)}</span> : <span className="pill pill-ok">active</span>}</td>
                <td className="row-actions">
                  {!k.revokedAt &&
                    (confirming === k.id ? (
                      <span className="confirm" role="group" aria-label={`Confirm revoking ${k.name}`}>
                        <span className="small">Revoke? Whoever uses it is refused at once.</span>
                        <button className="btn btn-danger" onClick={() => void revoke(k)} autoFocus>
                          Yes, revoke {k.name}
                        </button>
                        <button className="btn" onClick={() => setConfirming(undefined)}>
                          Keep it
                        </button>
                      </span>
                    ) : (
                      <button className="btn btn-danger" onClick={() => setConfirming(k.id)} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
