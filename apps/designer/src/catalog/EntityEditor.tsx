import { useState, type ReactNode } from 'react';
import { ApiError, api, errorMessage, type FieldProblem } from '../api/api-client';
import { ProblemsContext, unclaimedProblems } from '../forms/fields';
import { Banner } from '../ui/states';
import { usePanelFocus } from '../ui/use-panel-focus';

export interface EntityFormProps<T> {
  value: T;
  onChange(v: T): void;
  isNew: boolean;
  disabled: boolean;
}

/** The side editor of a catalog list: create/replace/delete with the API's problems on their fields. */
export function EntityEditor<T>(props: {
  collection: string;
  title: string;
  initial: T;
  isNew: boolean;
  keyOf(item: T): string;
  Form(props: EntityFormProps<T>): ReactNode;
  canEdit: boolean;
  canDelete: boolean;
  extraActions?(item: T, reload: () => void): ReactNode;
  /** The request body for a save (e.g. drop read-only view fields). */
  prepare?(item: T): unknown;
  onClose(): void;
  onSaved(item: T): void;
  onDeleted(): void;
}) {
  const [value, setValue] = useState<T>(props.initial);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { Form } = props;
  const key = props.keyOf(value);
  const path = `/${props.collection}/${encodeURIComponent(props.keyOf(props.initial))}`;

  const save = async () => {
    setBusy(true);
    setMessage(null);
    setProblems([]);
    try {
      const body = props.prepare ? props.prepare(value) : value;
      const saved = props.isNew ? await api.post<T>(`/${props.collection}`, body) : await api.put<T>(path, body);
      setMessage({ kind: 'ok', text: 'Saved.' });
      props.onSaved(saved ?? value);
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) {
        setProblems(e.problems);
        setMessage({ kind: 'error', text: `${e.problems.length === 1 ? 'One problem' : `${e.problems.length} problems`} to fix before saving (shown on the fields).` });
      } else if (e instanceof ApiError && e.status === 409 && props.isNew) {
        setProblems([{ path: 'code', message: `${key} already exists; choose another code` }]);
        setMessage({ kind: 'error', text: `${key} already exists.` });
      } else setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm(`Delete ${key}? This cannot be undone.`)) return;
    setBusy(true);
    try {
      await api.del(path);
      props.onDeleted();
    } catch (e) {
      const usages = e instanceof ApiError ? ((e.body as { usages?: { kind: string; code: string; version?: number }[] })?.usages ?? []) : [];
      setMessage({
        kind: 'error',
        text: usages.length ? `Still used by ${usages.map((u) => `${u.kind} ${u.code}${u.version ? ` v${u.version}` : ''}`).join(', ')}. Remove those uses first.` : errorMessage(e),
      });
    } finally {
      setBusy(false);
    }
  };

  const panelRef = usePanelFocus<HTMLElement>(props.onClose, [props.isNew, props.keyOf(props.initial)]);
  const known = ['code', 'name', 'description'];
  const orphan = unclaimedProblems(problems, [...known, ...Object.keys(value as object)]);
  return (
    <aside className="editor" aria-label={`${props.title} editor`} ref={panelRef}>
      <header className="editor-header">
        <h2>{props.isNew ? `New ${props.title.replace(/s$/, '').toLowerCase()}` : key}</h2>
        <button className="btn-icon" aria-label="Close editor" onClick={props.onClose}>
          ×
        </button>
      </header>
      {message && (
        <Banner kind={message.kind} onClose={() => setMessage(null)}>
          {message.text}
          {orphan.map((p) => (
            <div key={p.path + p.message}>
              {p.path}: {p.message}
            </div>
          ))}
        </Banner>
      )}
      <ProblemsContext.Provider value={problems}>
        <div className="editor-body">
          <Form value={value} onChange={setValue} isNew={props.isNew} disabled={!props.canEdit || busy} />
        </div>
      </ProblemsContext.Provider>
      {props.canEdit && (
        <footer className="editor-footer">
          <button className="btn btn-primary" disabled={busy} onClick={save}>
            {props.isNew ? 'Create' : 'Save'}
          </button>
          {!props.isNew && props.extraActions?.(value, () => props.onSaved(value))}
          {!props.isNew && props.canDelete && (
            <button className="btn btn-danger" disabled={busy} onClick={remove}>
              Delete
            </button>
          )}
        </footer>
      )}
      {!props.canEdit && <footer className="editor-footer muted">Read only: your role cannot change this.</footer>}
    </aside>
  );
}
