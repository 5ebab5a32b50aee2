import { useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../api/api-client';
import { href, navigate } from '../app/router';
import { usePermissions } from '../app/session';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { formatTime } from '../runs/run-format';
import type { ReconciliationSummary, ReconciliationView } from './reconciliation.types';

/**
 * Operations → Reconciliations: start a dry run for a provider, read its per-subject report, and
 * apply it (the real run sends the orders). Operators and admins start; every reader may look.
 */
export function ReconciliationsScreen({ id }: { id?: string }) {
  return <div className="screen">{id ? <ReconciliationReport key={id} id={id} /> : <ReconciliationList />}</div>;
}

function ReconciliationList() {
  const { operate } = usePermissions();
  const list = useAsync(() => api.get<{ items: ReconciliationSummary[] }>('/reconciliations'), []);
  return (
    <div className="screen-main">
      <header className="screen-header">
        <div>
          <h1>Reconciliations</h1>
          <p className="muted">Compare a provider's subscribers with what Signalbox last provisioned there; a dry run first, then apply.</p>
        </div>
      </header>
      {operate && <StartForm />}
      {list.loading && !list.data ? (
        <Loading what="Loading reconciliations" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !list.data?.items.length ? (
        <Empty title="No reconciliations yet.">Start a dry run for a provider above.</Empty>
      ) : (
        <table className="table" data-testid="reconciliations-table">
          <thead>
            <tr>
              <th>Provider</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Started</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr key={r.id} onClick={() => navigate('ops', 'reconciliations', r.id)}>
                <td>
                  <a href={href('ops', 'reconciliations', r.id)}>{r.provider}</a>
                </td>
                <td>{r.dryRun ? 'dry run' : 'applied'}</td>
                <td>
                  <span className={`pill rec-${r.status}`}>{r.status}</span>
                </td>
                <td className="muted">{formatTime(r.startedAt)}</td>
                <td className="muted">{r.requestedBy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function StartForm() {
  const [provider, setProvider] = useState('');
  const [serviceType, setServiceType] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await api.post<{ id: string }>('/reconciliations', { provider: provider.trim(), dryRun: true, ...(serviceType.trim() ? { serviceType: serviceType.trim() } : {}) });
      navigate('ops', 'reconciliations', started.id);
    } catch (err) {
      setProblem(err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <form className="filters" onSubmit={start} aria-label="Start a dry run">
      <label className="filter">
        <span>Provider</span>
        <input value={provider} placeholder="hss-main" onChange={(e) => setProvider(e.target.value)} required />
      </label>
      <label className="filter">
        <span>Service type (optional)</span>
        <input value={serviceType} placeholder="/service/telco/gsm" onChange={(e) => setServiceType(e.target.value)} />
      </label>
      <button className="btn btn-primary" disabled={busy || !provider.trim()}>
        Dry run
      </button>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

const VERDICTS = ['differs', 'missing-at-provider', 'missing-in-signalbox', 'unreadable', 'in-sync'] as const;

function ReconciliationReport({ id }: { id: string }) {
  const { operate } = usePermissions();
  const [verdict, setVerdict] = useState<string>('differs');
  const report = useAsync(() => api.get<ReconciliationView>(`/reconciliations/${id}?limit=200${verdict ? `&verdict=${verdict}` : ''}`), [id, verdict]);
  const [applyError, setApplyError] = useState<string>();
  const running = report.data?.status === 'running';
  // Poll while it runs: the report fills in page by page.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(report.reload, 1500);
    return () => clearInterval(timer);
  }, [running, report.reload]);
  const apply = async () => {
    const r = report.data;
    if (!r || !window.confirm(`Send the orders that bring ${r.counts.differs + r.counts.missingAtProvider} subject(s) at ${r.provider} back in line?`)) return;
    try {
      const started = await api.post<{ id: string }>('/reconciliations', { provider: r.provider, ...r.selection });
      navigate('ops', 'reconciliations', started.id);
    } catch (err) {
      setApplyError(errorMessage(err));
    }
  };
  if (report.loading && !report.data) return <Loading what="Loading the report" />;
  if (report.error || !report.data) return <ErrorState message={report.error ?? 'No report'} onRetry={report.reload} />;
  const r = report.data;
  const c = r.counts;
  return (
    <div className="screen-main" data-testid="reconciliation-report">
      <header className="screen-header">
        <div>
          <p className="small">
            <a href={href('ops', 'reconciliations')}>‹ Reconciliations</a>
          </p>
          <h1>
            {r.dryRun ? 'Dry run' : 'Reconciliation'} of {r.provider}
          </h1>
          <p className="muted">
            <span className={`pill rec-${r.status}`}>{r.status}</span> started {formatTime(r.startedAt)} by {r.requestedBy}
            {r.selection.serviceType ? `, service type ${r.selection.serviceType}` : ''}
            {r.error ? ` — ${r.error}` : ''}
          </p>
        </div>
        <div className="row">
          <a className="btn" href={r.temporalUrl} target="_blank" rel="noreferrer">
            Temporal ↗
          </a>
          {operate && r.dryRun && r.status === 'done' && c.differs + c.missingAtProvider > 0 && (
            <button className="btn btn-primary" onClick={() => void apply()}>
              Apply
            </button>
          )}
        </div>
      </header>
      {applyError && (
        <p className="field-error" role="alert">
          {applyError}
        </p>
      )}
      <dl className="counts" data-testid="reconciliation-counts">
        {(
          [
            ['subjects', c.subjects],
            ['in sync', c.inSync],
            ['differ', c.differs],
            ['missing at provider', c.missingAtProvider],
            ['missing in Signalbox', c.missingInSignalbox],
            ['unreadable', c.unreadable],
            ['synced', c.synced],
            ['sync failed', c.syncFailed],
          ] as const
        ).map(([label, n]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <div className="filters">
        <label className="filter">
          <span>Lines</span>
          <select value={verdict} onChange={(e) => setVerdict(e.target.value)}>
            <option value="">all</option>
            {VERDICTS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      </div>
      {!r.lines.length ? (
        <Empty title="No lines of this kind.">{running ? 'The report is still being written.' : 'Choose another kind above.'}</Empty>
      ) : (
        <table className="table" data-testid="reconciliation-lines">
          <thead>
            <tr>
              <th>Subject</th>
              <th>Verdict</th>
              <th>Differences (Signalbox → provider)</th>
              <th>Sync</th>
              <th>Orders</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l) => (
              <tr key={l.subjectKey}>
                <td className="mono">{l.subjectKey}</td>
                <td>
                  <span className={`pill verdict-${l.verdict}`}>{l.verdict}</span>
                </td>
                <td className="small">
                  {l.differences.map((d) => `${d.serviceType}: ${d.expected ?? 'absent'} → ${d.actual ?? 'absent'}`).join('; ')}
                  {l.detail ? <div className="muted">{l.detail}</div> : null}
                </td>
                <td>{l.sync}</td>
                <td className="mono small">{l.orders.map((o) => `${o.action} ${o.state}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
