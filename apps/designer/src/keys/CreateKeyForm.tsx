import { useState } from 'react';
import type { ApiKeyRole, Provider } from '@signalbox/domain';
import { api, ApiError, errorMessage, fetchAll, type FieldProblem } from '../api/api-client';
import { useAsync } from '../ui/use-async';
import { createKeyBody, KEY_ROLES, problemsOf, ROLE_HINTS, type CreatedApiKey } from './api-keys.model';

function FieldErrors({ messages, id }: { messages: string[]; id: string }) {
  if (!messages.length) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {messages.join('; ')}
    </span>
  );
}

export function CreateKeyForm({ onCreated }: { onCreated: (k: CreatedApiKey) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<ApiKeyRole>('viewer');
  const [providers, setProviders] = useState<string[]>([]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Only an agent key names providers; the list is loaded when that role is chosen.
  const providerList = useAsync(() => (role === 'agent' ? fetchAll<Provider>('providers') : Promise.resolve([])), [role === 'agent']);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setError(undefined);
    try {
      onCreated(await api.post<CreatedApiKey>('/keys', createKeyBody({ name, role, providers })));
      setName('');
      setProviders([]);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems(err.problems);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const nameErrors = problemsOf(problems, 'name');
  const roleErrors = problemsOf(problems, 'role');
  const providerErrors = problemsOf(problems, 'providers');
  return (
    <form className="panel-form" onSubmit={submit} aria-label="New API key">
      <h2>New API key</h2>
      <div className="filters">
        {/* The error sits beside the label, not in it: the field's name stays "Name". */}
        <div className="filter">
          <label htmlFor="key-name">Name</label>
          <input id="key-name" name="name" value={name} placeholder="crm-prod" onChange={(e) => setName(e.target.value)} aria-invalid={nameErrors.length ? true : undefined} aria-describedby={nameErrors.length ? 'key-name-error' : undefined} />
          <FieldErrors messages={nameErrors} id="key-name-error" />
        </div>
        <div className="filter">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" name="role" value={role} onChange={(e) => setRole(e.target.value as ApiKeyRole)} aria-invalid={roleErrors.length ? true : undefined} aria-describedby={roleErrors.length ? 'key-role-error' : undefined}>
            {KEY_ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_HINTS[r]}
              </option>
            ))}
          </select>
          <FieldErrors messages={roleErrors} id="key-role-error" />
        </div>
        <button className="btn btn-primary" disabled={busy}>
          Create key
        </button>
      </div>
      {role === 'agent' && (
        <fieldset className="filters key-providers" aria-invalid={providerErrors.length ? true : undefined} aria-describedby={providerErrors.length ? 'key-providers-error' : undefined}>
          <legend>Providers this agent answers for</legend>
          {providerList.loading ? (
            <span className="muted small">Loading providers…</span>
          ) : providerList.error ? (
            <span className="field-error">Providers could not be loaded: {providerList.error}</span>
          ) : !providerList.data?.length ? (
            <span className="muted small">No providers in the catalog yet.</span>
          ) : (
            providerList.data.map((p) => (
              <label key={p.code} className="check">
                <input type="checkbox" checked={providers.includes(p.code)} onChange={(e) => setProviders(e.target.checked ? [...providers, p.code] : providers.filter((x) => x !== p.code))} /> {p.code}
              </label>
            ))
          )}
          <FieldErrors messages={providerErrors} id="key-providers-error" />
        </fieldset>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
