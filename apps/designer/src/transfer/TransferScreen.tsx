import { useState } from 'react';
import { ApiError, api, errorMessage, type FieldProblem } from '../api/api-client';
import type { ImportChange } from '../api/api-types';
import { usePermissions } from '../app/session';
import { downloadJson } from '../canvas/transfer-json';
import { Banner } from '../ui/states';

export function TransferScreen() {
  const perms = usePermissions();
  const [doc, setDoc] = useState<{ name: string; body: unknown } | null>(null);
  const [changes, setChanges] = useState<ImportChange[] | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const exportCatalog = async () => {
    setBusy(true);
    try {
      const body = await api.get<unknown>('/catalog/export');
      downloadJson(`signalbox-catalog-${new Date().toISOString().slice(0, 10)}.json`, body);
      setMessage({ kind: 'ok', text: 'Catalog exported (provider secrets are never included).' });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const send = async (dryRun: boolean) => {
    if (!doc) return;
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      const res = await api.post<{ changes: ImportChange[] }>(`/catalog/import?dryRun=${dryRun}`, doc.body);
      setChanges(res.changes);
      if (!dryRun) {
        setMessage({ kind: 'ok', text: `Imported ${doc.name}.` });
        setDoc(null);
        setChanges(null);
      }
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setProblems(e.problems);
      const text = errorMessage(e).replace(/\s*\.?$/, '.');
      setMessage({ kind: 'error', text: /nothing was (imported|written)/i.test(text) ? text : `${text} Nothing was written.` });
    } finally {
      setBusy(false);
    }
  };

  const pick = async (file: File) => {
    setChanges(null);
    setProblems([]);
    try {
      setDoc({ name: file.name, body: JSON.parse(await file.text()) });
      setMessage(null);
    } catch {
      setDoc(null);
      setMessage({ kind: 'error', text: `${file.name} is not JSON. Choose a file exported from Signalbox.` });
    }
  };

  const counted = changes ? { create: changes.filter((c) => c.change === 'create').length, update: changes.filter((c) => c.change === 'update').length, unchanged: changes.filter((c) => c.change === 'unchanged').length } : null;
  return (
    <div className="screen">
      <div className="screen-main narrow">
        <header className="screen-header">
          <div>
            <h1>Import / Export</h1>
            <p className="muted">Move the whole catalog (event codes, workflows, action codes, templates, providers…) between installations as one JSON file.</p>
          </div>
        </header>
        {message && (
          <Banner kind={message.kind} onClose={() => setMessage(null)}>
            {message.text}
          </Banner>
        )}
        <section className="card">
          <h2>Export</h2>
          <p className="muted">Downloads the catalog as signalbox.catalog/v1.</p>
          <button className="btn btn-primary" disabled={busy} onClick={exportCatalog}>
            Download catalog
          </button>
        </section>
        <section className="card">
          <h2>Import</h2>
          {!perms.importCatalog ? (
            <p className="muted">Only admins can import. Ask an admin to import your file.</p>
          ) : (
            <>
              <p className="muted">Choose a file; you see what would change first, then confirm. Any problem stops the whole import.</p>
              <input type="file" accept="application/json,.json" aria-label="Catalog file" onChange={(e) => e.target.files?.[0] && void pick(e.target.files[0])} />
              {doc && (
                <div className="row">
                  <button className="btn" disabled={busy} onClick={() => send(true)}>
                    Check {doc.name} (dry run)
                  </button>
                </div>
              )}
              {problems.length > 0 && (
                <ul className="node-problems">
                  {problems.map((p, i) => (
                    <li key={i} className="sev-error">
                      <code>{p.path}</code> {p.message}
                    </li>
                  ))}
                </ul>
              )}
              {changes && counted && (
                <>
                  <p>
                    <strong>{counted.create}</strong> to create, <strong>{counted.update}</strong> to update, {counted.unchanged} unchanged.
                  </p>
                  <table className="table table-compact">
                    <thead>
                      <tr>
                        <th>Kind</th>
                        <th>Code</th>
                        <th>Change</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.map((c) => (
                        <tr key={`${c.kind}:${c.code}`}>
                          <td>{c.kind}</td>
                          <td>{c.code}</td>
                          <td>
                            <span className={`pill change-${c.change}`}>{c.change}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <button className="btn btn-primary" disabled={busy} onClick={() => send(false)}>
                    Confirm import
                  </button>
                </>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
