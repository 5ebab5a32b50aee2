import { useState } from 'react';
import { api, ApiError, errorMessage, query } from '../api/api-client';
import type { RunSummary } from '../api/api-types';
import { href } from '../app/router';
import { usePermissions } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { BulkProgress } from './BulkProgress';
import { incidentQuery, selectionQuery, type IncidentFilters } from './bulk.model';
import type { BulkDryRun, BulkStarted, BulkStatus } from './ops.types';

const EMPTY: IncidentFilters = { eventCode: '', incidentNode: '', incidentError: '', olderThanMinutes: '' };
type Operation = 'retry' | 'fail' | 'cancel';
const VERB: Record<Operation, string> = { retry: 'Retry', fail: 'Fail', cancel: 'Cancel' };

/** What a bulk action applies to: the runs ticked on this page, or every run the filters match. */
type Target = { kind: 'selected'; runIds: string[] } | { kind: 'matching'; filters: Record<string, string> };
type Step = { at: 'idle' } | { at: 'checking'; operation: Operation } | { at: 'confirm'; operation: Operation; body: object; dry: BulkDryRun } | { at: 'running'; operation: Operation; started: BulkStarted };

/**
 * Operations → Incidents: runs parked on a failed step, waiting for an operator. Filter them,
 * tick some (or take every one the filters match) and retry, fail or cancel them in bulk: a dry
 * run says how many first, then the bulk operation's progress shows until it ends.
 */
export function IncidentsScreen() {
  const { operate } = usePermissions();
  const [draft, setDraft] = useState<IncidentFilters>(EMPTY);
  const [filters, setFilters] = useState<Record<string, string>>(() => incidentQuery(EMPTY));
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const pageToken = tokens[tokens.length - 1];
  const list = useAsync(() => api.get<{ items: RunSummary[]; nextPageToken?: string | null }>(`/runs${query({ ...filters, pageSize: 50, pageToken })}`), [filters, pageToken]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [step, setStep] = useState<Step>({ at: 'idle' });
  const [problem, setProblem] = useState<string>();
  const [result, setResult] = useState<BulkStatus>();

  const items = list.data?.items ?? [];
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setFilters(incidentQuery(draft));
    setTokens([undefined]);
    setSelected(new Set());
    setAllMatching(false);
  };
  const toggle = (runId: string) => {
    const next = new Set(selected);
    if (next.has(runId)) next.delete(runId);
    else next.add(runId);
    setSelected(next);
    setAllMatching(false);
  };
  const pageTicked = items.length > 0 && items.every((r) => selected.has(r.runId));
  const togglePage = () => {
    setSelected(pageTicked ? new Set() : new Set(items.map((r) => r.runId)));
    setAllMatching(false);
  };
  const target: Target | undefined = allMatching ? { kind: 'matching', filters } : selected.size ? { kind: 'selected', runIds: [...selected] } : undefined;

  const check = async (operation: Operation) => {
    if (!target) return;
    setProblem(undefined);
    setResult(undefined);
    let scope: object;
    if (target.kind === 'selected') {
      const q = selectionQuery(target.runIds);
      if ('error' in q) return setProblem(q.error);
      scope = { query: q.query };
    } else {
      scope = { filters: target.filters };
    }
    const body = { ...scope, operation };
    setStep({ at: 'checking', operation });
    try {
      const dry = await api.post<BulkDryRun>('/runs/bulk', { ...body, dryRun: true });
      setStep({ at: 'confirm', operation, body, dry });
    } catch (err) {
      setStep({ at: 'idle' });
      setProblem(problemOf(err));
    }
  };
  const start = async () => {
    if (step.at !== 'confirm') return;
    try {
      const started = await api.post<BulkStarted>('/runs/bulk', step.body);
      setStep({ at: 'running', operation: step.operation, started });
    } catch (err) {
      setStep({ at: 'idle' });
      setProblem(problemOf(err));
    }
  };
  const finished = (status: BulkStatus) => {
    setResult(status);
    setSelected(new Set());
    setAllMatching(false);
    list.reload();
  };

  const input = (k: keyof IncidentFilters, label: string, placeholder: string, type = 'text') => (
    <label className="filter">
      <span>{label}</span>
      <input type={type} min={type === 'number' ? 1 : undefined} value={draft[k]} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
    </label>
  );
  const busy = step.at === 'checking' || (step.at === 'running' && !result);
  return (
    <div className="screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>Incidents</h1>
            <p className="muted">Runs parked on a step that failed or timed out with no path for it. Retry them once the provider is back, or fail or cancel them.</p>
          </div>
        </header>
        <form className="filters" onSubmit={apply} aria-label="Filter incidents">
          {input('eventCode', 'Event code', 'SIM_SWAP')}
          {input('incidentNode', 'Parked step', 'activate')}
          {input('incidentError', 'Reason starts with', 'HTTP 503')}
          {input('olderThanMinutes', 'Older than (minutes)', '30', 'number')}
          <button className="btn btn-primary">Search</button>
          <button type="button" className="btn btn-ghost" onClick={() => (setDraft(EMPTY), setFilters(incidentQuery(EMPTY)), setTokens([undefined]), setSelected(new Set()), setAllMatching(false))}>
            Reset
          </button>
        </form>
        {operate && (
          <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
            <span className="muted" data-testid="bulk-target">
              {allMatching ? 'Every incident the filters match' : selected.size ? `${selected.size} selected` : 'Tick incidents, or take all that match'}
            </span>
            <button type="button" className={`btn${allMatching ? ' btn-active' : ''}`} aria-pressed={allMatching} disabled={!items.length || busy} onClick={() => (setAllMatching(!allMatching), setSelected(new Set()))}>
              All matching
            </button>
            {(['retry', 'fail', 'cancel'] as const).map((op) => (
              <button key={op} type="button" className={`btn${op === 'retry' ? ' btn-primary' : op === 'cancel' ? ' btn-danger' : ''}`} disabled={!target || busy || step.at === 'confirm'} onClick={() => void check(op)}>
                {VERB[op]}…
              </button>
            ))}
          </div>
        )}
        {problem && (
          <Banner kind="error" onClose={() => setProblem(undefined)}>
            {problem}
          </Banner>
        )}
        {step.at === 'checking' && <Loading what="Counting the runs that match" />}
        {step.at === 'confirm' && (
          <div className="card bulk-confirm" role="group" aria-label="Confirm the bulk action">
            {step.dry.count === 0 ? (
              <p>No parked run matches any more: nothing to {step.operation}.</p>
            ) : (
              <p>
                {VERB[step.operation]} <strong>{step.dry.count}</strong> run{step.dry.count === 1 ? '' : 's'}
                {step.operation === 'retry' ? ': each parked step runs again with its own inputs.' : step.operation === 'fail' ? ': each run fails at its parked step.' : ': each run is cancelled.'}
              </p>
            )}
            <div className="row">
              {step.dry.count > 0 && (
                <button className={`btn ${step.operation === 'retry' ? 'btn-primary' : 'btn-danger'}`} onClick={() => void start()}>
                  {VERB[step.operation]} {step.dry.count} run{step.dry.count === 1 ? '' : 's'}
                </button>
              )}
              <button className="btn btn-ghost" onClick={() => setStep({ at: 'idle' })}>
                Back
              </button>
            </div>
          </div>
        )}
        {step.at === 'running' && <BulkProgress key={step.started.id} started={step.started} label={`Bulk ${step.operation}`} onDone={finished} />}
        {list.loading && !list.data ? (
          <Loading what="Loading incidents" />
        ) : list.error ? (
          <ErrorState message={list.error} onRetry={list.reload} />
        ) : !items.length ? (
          <Empty title="No incidents match.">A run parks here when a step fails or times out and its workflow has no path for that outcome.</Empty>
        ) : (
          <>
            <table className="table" data-testid="incidents-table">
              <thead>
                <tr>
                  {operate && (
                    <th className="pick">
                      <input type="checkbox" aria-label="Select every incident on this page" checked={pageTicked} onChange={togglePage} />
                    </th>
                  )}
                  <th>Event code</th>
                  <th>Parked step</th>
                  <th>Reason</th>
                  <th>Subject</th>
                  <th>Started</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.runId} className={selected.has(r.runId) || allMatching ? 'selected' : undefined}>
                    {operate && (
                      <td className="pick">
                        <input type="checkbox" aria-label={`Select ${r.runId}`} checked={allMatching || selected.has(r.runId)} disabled={allMatching} onChange={() => toggle(r.runId)} />
                      </td>
                    )}
                    <td>
                      <a href={href('runs', r.runId)}>{r.eventCode ?? r.runId}</a>
                    </td>
                    <td className="mono small">{r.incident?.nodeId ?? '—'}</td>
                    <td className="small reason">{r.incident?.error || '—'}</td>
                    <td className="mono small">{Object.entries(r.subject ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}</td>
                    <td className="muted">{formatTime(r.startedAt)}</td>
                    <td className="nowrap">
                      <a href={r.temporalUrl} target="_blank" rel="noreferrer">
                        Temporal ↗
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <span className="muted">
                {items.length} on this page{list.loading ? ' (refreshing…)' : ''}
              </span>
              <button className="btn" disabled={tokens.length <= 1} onClick={() => setTokens(tokens.slice(0, -1))}>
                ‹ Newer
              </button>
              <button className="btn" disabled={!list.data?.nextPageToken} onClick={() => setTokens([...tokens, list.data?.nextPageToken ?? undefined])}>
                Older ›
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function problemOf(err: unknown): string {
  return err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : errorMessage(err);
}
