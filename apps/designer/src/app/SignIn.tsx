import { useState } from 'react';
import { ApiError, apiRequest, errorMessage } from '../api/api-client';
import type { Me } from '../api/api-types';

export function SignIn({ onSignedIn, notice }: { onSignedIn(key: string, me: Me): void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await apiRequest<Me>('GET', '/auth/me', undefined, key.trim());
      onSignedIn(key.trim(), me);
    } catch (err) {
      // At sign-in a 401 means the key typed is wrong (mistyped, revoked or expired), not that a session ended.
      setError(err instanceof ApiError && err.status === 401 ? 'That API key is wrong: the API does not know it, or it was revoked or has expired. Check it (keys look like sbx_…_…) and try again.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit}>
        <h1 className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Signalbox
        </h1>
        <p className="muted">Sign in with your API key to design and run workflows.</p>
        {notice && <div className="banner banner-info">{notice}</div>}
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" autoFocus placeholder="sbx_…" value={key} onChange={(e) => setKey(e.target.value)} />
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn-primary" disabled={!key.trim() || busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="muted small">
          No key? An admin creates one for you. On a local install, <code>npm start</code> prints the admin key and keeps it in <code>.signalbox/admin.key</code> in the
          repository; a deployment sets it with <code>SIGNALBOX_ADMIN_KEY</code>.
        </p>
      </form>
    </main>
  );
}
