import { useState } from 'react';
import { allows } from '@signalbox/domain';
import { api, ApiError, errorMessage, type FieldProblem } from '../api/api-client';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { HubListeners } from './HubListeners';
import { WEBHOOK_EVENT_TYPES, type CreatedSubscription, type Subscription } from './integrations.types';
import { parseList } from './text-lists';

/** Native webhook subscriptions: admins create (the secret is shown once) and delete; operators look. */
export function SubscriptionsScreen() {
  const { me } = useSession();
  const manage = allows(me.role, 'subscribe');
  const list = useAsync(() => api.get<Subscription[]>('/subscriptions'), []);
  const [created, setCreated] = useState<CreatedSubscription>();
  const [deleteError, setDeleteError] = useState<string>();
  const remove = async (s: Subscription) => {
    if (!window.confirm(`Delete the subscription to ${s.url}? Events still queued for it are dropped.`)) return;
    try {
      await api.del(`/subscriptions/${s.id}`);
      list.reload();
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  };
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>Subscriptions</h1>
          <p className="muted">Webhooks for run and service-order state changes, signed with X-Signature like provider requests.</p>
        </div>
      </header>
      {created && (
        <Banner kind="ok" onClose={() => setCreated(undefined)}>
          <p>
            Subscription created. Its signing secret is shown <strong>this once</strong>: give it to the listener now.
          </p>
          <p>
            Key id <code>{created.signing.keyId}</code>
          </p>
          <p>
            Secret <code data-testid="subscription-secret">{created.signing.secret}</code>
          </p>
        </Banner>
      )}
      {deleteError && (
        <Banner kind="error" onClose={() => setDeleteError(undefined)}>
          {deleteError}
        </Banner>
      )}
      {manage && (
        <CreateForm
          onCreated={(s) => {
            setCreated(s);
            list.reload();
          }}
        />
      )}
      {list.loading && !list.data ? (
        <Loading what="Loading subscriptions" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <Empty title="No subscriptions yet.">{manage ? 'Create one above to be told of state changes.' : 'An admin can create one.'}</Empty>
      ) : (
        <table className="table" data-testid="subscriptions-table">
          <thead>
            <tr>
              <th>Listener</th>
              <th>Filters</th>
              <th>Created</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>
                  <div className="mono">{s.url}</div>
                  {s.description && <div className="muted small">{s.description}</div>}
                </td>
                <td className="small">{describeFilters(s)}</td>
                <td className="muted">
                  {formatTime(s.createdAt)} by {s.createdBy}
                </td>
                <td className="row-actions">
                  <a className="btn" href={href('integrations', 'deliveries', s.id)}>
                    Deliveries
                  </a>
                  {manage && (
                    <button className="btn btn-danger" onClick={() => void remove(s)} aria-label={`Delete the subscription to ${s.url}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <HubListeners manage={manage} />
    </>
  );
}

function describeFilters(s: Subscription): string {
  const parts = [
    s.eventTypes && `types: ${s.eventTypes.join(', ')}`,
    s.eventCodes && `codes: ${s.eventCodes.join(', ')}`,
    s.providers && `providers: ${s.providers.join(', ')}`,
    s.states && `states: ${s.states.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'every state change';
}

function CreateForm({ onCreated }: { onCreated: (s: CreatedSubscription) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [codes, setCodes] = useState('');
  const [providers, setProviders] = useState('');
  const [states, setStates] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const problemOf = (field: string) => problems.filter((p) => p.path === field || p.path.startsWith(`${field}.`)).map((p) => p.message).join('; ');
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setError(undefined);
    const list = (text: string) => (parseList(text).length ? parseList(text) : undefined);
    try {
      const body = { url: url.trim(), ...(description.trim() ? { description: description.trim() } : {}), ...(types.length ? { eventTypes: types } : {}), eventCodes: list(codes), providers: list(providers), states: list(states) };
      onCreated(await api.post<CreatedSubscription>('/subscriptions', body));
      setUrl('');
      setDescription('');
      setTypes([]);
      setCodes('');
      setProviders('');
      setStates('');
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems(err.problems);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (label: string, name: string, value: string, set: (v: string) => void, placeholder: string, required = false) => (
    <label className="filter">
      <span>{label}</span>
      <input name={name} value={value} placeholder={placeholder} onChange={(e) => set(e.target.value)} required={required} aria-invalid={problemOf(name) ? true : undefined} />
      {problemOf(name) && <span className="field-error">{problemOf(name)}</span>}
    </label>
  );
  return (
    <form className="panel-form" onSubmit={submit} aria-label="New subscription">
      <h2>New subscription</h2>
      <div className="filters">
        {field('Listener URL', 'url', url, setUrl, 'https://crm.example/hooks', true)}
        {field('Description (optional)', 'description', description, setDescription, 'CRM line status')}
      </div>
      <fieldset className="filters">
        <legend>Event types (none: both)</legend>
        {WEBHOOK_EVENT_TYPES.map((t) => (
          <label key={t} className="check">
            <input type="checkbox" checked={types.includes(t)} onChange={(e) => setTypes(e.target.checked ? [...types, t] : types.filter((x) => x !== t))} /> {t}
          </label>
        ))}
      </fieldset>
      <div className="filters">
        {field('Event codes', 'eventCodes', codes, setCodes, 'LINE_ACTIVATE, SIM_SWAP')}
        {field('Providers', 'providers', providers, setProviders, 'hss-main')}
        {field('States', 'states', states, setStates, 'Completed, Failed')}
        <button className="btn btn-primary" disabled={busy || !url.trim()}>
          Create subscription
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <p className="field-error" role="alert">
          The subscription was not saved: fix the fields marked above.
        </p>
      )}
    </form>
  );
}
