import { useState } from 'react';
import { api, ApiError, errorMessage, fetchAll, type FieldProblem } from '../api/api-client';
import { usePermissions } from '../app/session';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { TMF_ACTIONS, type TmfAction, type TmfActionMapping, type TmfMapping } from './integrations.types';
import { formatPairs, parseList, parsePairs } from './text-lists';

/**
 * TMF641 mappings: per service specification and action, the event code an order item runs and how
 * its characteristics fill the run's subject and data (docs/tmf641.md). Analysts and admins edit.
 */
export function MappingsScreen() {
  const { editCatalog } = usePermissions();
  const list = useAsync(() => api.get<TmfMapping[]>('/tmf-mappings'), []);
  const [editing, setEditing] = useState<TmfMapping | 'new'>();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const remove = async (m: TmfMapping) => {
    if (!window.confirm(`Delete the mapping of ${m.code}? Orders for it are refused from then on.`)) return;
    try {
      await api.del(`/tmf-mappings/${encodeURIComponent(m.code)}`);
      setNotice({ kind: 'ok', text: `Mapping ${m.code} deleted.` });
      list.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  };
  return (
    <>
      <header className="screen-header">
        <div>
          <h1>TMF mappings</h1>
          <p className="muted">Which event code runs for each TMF641 service specification and action, and which characteristics fill the run.</p>
        </div>
        {editCatalog && !editing && (
          <button className="btn btn-primary" onClick={() => setEditing('new')}>
            New mapping
          </button>
        )}
      </header>
      {notice && (
        <Banner kind={notice.kind} onClose={() => setNotice(undefined)}>
          {notice.text}
        </Banner>
      )}
      {editing && (
        <MappingForm
          key={editing === 'new' ? 'new' : editing.code}
          initial={editing === 'new' ? undefined : editing}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) {
              setNotice({ kind: 'ok', text: `Mapping ${saved.code} saved.` });
              list.reload();
            }
          }}
        />
      )}
      {list.loading && !list.data ? (
        <Loading what="Loading mappings" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.length ? (
        <Empty title="No TMF mappings yet.">{editCatalog ? 'Create one to accept TMF641 orders for a service specification.' : 'An analyst can create one.'}</Empty>
      ) : (
        <table className="table" data-testid="mappings-table">
          <thead>
            <tr>
              <th>Specification</th>
              <th>Name</th>
              <th>Actions → event codes</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) => (
              <tr key={m.code}>
                <td className="mono">{m.code}</td>
                <td>{m.name}</td>
                <td className="small">
                  {TMF_ACTIONS.filter((a) => m.actions[a])
                    .map((a) => `${a} → ${m.actions[a]?.eventCode}`)
                    .join(' · ')}
                </td>
                <td className="row-actions">
                  {editCatalog && (
                    <>
                      <button className="btn" onClick={() => setEditing(m)} aria-label={`Edit the mapping ${m.code}`}>
                        Edit
                      </button>
                      <button className="btn btn-danger" onClick={() => void remove(m)} aria-label={`Delete the mapping ${m.code}`}>
                        Delete
                      </button>
                    </>
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

interface ActionDraft {
  on: boolean;
  eventCode: string;
  subject: string;
  data: string;
  mandatory: string;
}

const draftOf = (m: TmfActionMapping | undefined): ActionDraft => ({
  on: Boolean(m),
  eventCode: m?.eventCode ?? '',
  subject: formatPairs(m?.subject),
  data: formatPairs(m?.data),
  mandatory: (m?.mandatory ?? []).join(', '),
});

function MappingForm({ initial, onDone }: { initial?: TmfMapping; onDone: (saved?: TmfMapping) => void }) {
  const codes = useAsync(() => fetchAll<{ code: string }>('event-codes'), []);
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [actions, setActions] = useState<Record<TmfAction, ActionDraft>>(() => Object.fromEntries(TMF_ACTIONS.map((a) => [a, draftOf(initial?.actions[a])])) as Record<TmfAction, ActionDraft>);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (a: TmfAction, patch: Partial<ActionDraft>) => setActions((all) => ({ ...all, [a]: { ...all[a], ...patch } }));
  const problemOf = (path: string) => problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message).join('; ');

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local: FieldProblem[] = [];
    const body: TmfMapping = { code: code.trim(), name: name.trim(), actions: {} };
    for (const a of TMF_ACTIONS) {
      const d = actions[a];
      if (!d.on) continue;
      const subject = parsePairs(d.subject);
      const data = parsePairs(d.data);
      for (const [field, parsed] of [['subject', subject], ['data', data]] as const) {
        if (parsed.bad.length) local.push({ path: `actions.${a}.${field}`, message: `write one "key = Characteristic" per line (not: ${parsed.bad.join(', ')})` });
      }
      const mandatory = parseList(d.mandatory);
      body.actions[a] = {
        eventCode: d.eventCode,
        ...(Object.keys(subject.pairs).length ? { subject: subject.pairs } : {}),
        ...(Object.keys(data.pairs).length ? { data: data.pairs } : {}),
        ...(mandatory.length ? { mandatory } : {}),
      };
    }
    setProblems(local);
    if (local.length) return;
    setBusy(true);
    try {
      const saved = initial ? await api.put<TmfMapping>(`/tmf-mappings/${encodeURIComponent(initial.code)}`, body) : await api.post<TmfMapping>('/tmf-mappings', body);
      onDone(saved);
    } catch (err) {
      setProblems(err instanceof ApiError && err.problems.length ? err.problems : [{ path: '', message: errorMessage(err) }]);
      setBusy(false);
    }
  };

  return (
    <form className="panel-form" onSubmit={submit} aria-label={initial ? `Edit mapping ${initial.code}` : 'New mapping'}>
      <h2>{initial ? `Edit ${initial.code}` : 'New mapping'}</h2>
      <div className="filters">
        <label className="filter">
          <span>Service specification id</span>
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="mobile-line" disabled={Boolean(initial)} required aria-invalid={problemOf('code') ? true : undefined} />
          {problemOf('code') && <span className="field-error">{problemOf('code')}</span>}
        </label>
        <label className="filter">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Mobile line" required aria-invalid={problemOf('name') ? true : undefined} />
          {problemOf('name') && <span className="field-error">{problemOf('name')}</span>}
        </label>
      </div>
      {problemOf('actions') && !TMF_ACTIONS.some((a) => problemOf(`actions.${a}`)) && <p className="field-error">{problemOf('actions')}</p>}
      <div className="mapping-actions">
        {TMF_ACTIONS.map((a) => {
          const d = actions[a];
          return (
            <fieldset key={a} className={`mapping-action${d.on ? '' : ' off'}`}>
              <legend>
                <label className="check">
                  <input type="checkbox" checked={d.on} onChange={(e) => set(a, { on: e.target.checked })} /> {a}
                </label>
              </legend>
              {d.on && (
                <>
                  <label className="field">
                    <span>Event code</span>
                    <select value={d.eventCode} onChange={(e) => set(a, { eventCode: e.target.value })} required>
                      <option value="">{codes.loading ? 'Loading…' : 'Choose an event code'}</option>
                      {codes.data?.map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.code}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="field">
                    <span>Subject (key = Characteristic, one per line)</span>
                    <textarea rows={2} value={d.subject} onChange={(e) => set(a, { subject: e.target.value })} placeholder="msisdn = MSISDN" />
                  </label>
                  <label className="field">
                    <span>Data (field = Characteristic, one per line)</span>
                    <textarea rows={2} value={d.data} onChange={(e) => set(a, { data: e.target.value })} placeholder="tariff = Tariff" />
                  </label>
                  <label className="field">
                    <span>Mandatory characteristics</span>
                    <input value={d.mandatory} onChange={(e) => set(a, { mandatory: e.target.value })} placeholder="Tariff" />
                  </label>
                  {problemOf(`actions.${a}`) && <p className="field-error">{problemOf(`actions.${a}`)}</p>}
                </>
              )}
            </fieldset>
          );
        })}
      </div>
      {problemOf('') && (
        <p className="field-error" role="alert">
          {problemOf('')}
        </p>
      )}
      <div className="form-actions">
        <button className="btn btn-primary" disabled={busy}>
          {initial ? 'Save mapping' : 'Create mapping'}
        </button>
        <button type="button" className="btn" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
      {problems.length > 0 && (
        <p className="field-error" role="alert">
          The mapping was not saved: fix the fields marked above.
        </p>
      )}
    </form>
  );
}
