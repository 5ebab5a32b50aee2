import { useState } from 'react';
import { RUN_STATUSES } from '@signalbox/contracts';
import { api, query } from '../api/api-client';
import type { RunSummary } from '../api/api-types';
import { useAsync } from '../ui/use-async';
import { Empty, ErrorState, Loading } from '../ui/states';
import { href } from '../app/router';
import { formatTime, runDuration } from './run-format';

interface Filters {
  eventCode: string;
  msisdn: string;
  accountId: string;
  serviceId: string;
  status: string;
  isTest: string;
}
const EMPTY: Filters = { eventCode: '', msisdn: '', accountId: '', serviceId: '', status: '', isTest: '' };

export function RunsScreen() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const pageToken = tokens[tokens.length - 1];
  const list = useAsync(() => api.get<{ items: RunSummary[]; nextPageToken?: string | null }>(`/runs${query({ ...filters, pageToken })}`), [filters, pageToken]);
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft, eventCode: draft.eventCode.trim().toUpperCase() });
    setTokens([undefined]);
  };
  const input = (k: keyof Filters, label: string, placeholder: string) => (
    <label className="filter">
      <span>{label}</span>
      <input value={draft[k]} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
    </label>
  );
  return (
    <div className="screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>Runs</h1>
            <p className="muted">Workflow runs, newest first. Open one to see it on its canvas.</p>
          </div>
        </header>
        <form className="filters" onSubmit={apply}>
          {input('eventCode', 'Event code', 'SIM_SWAP')}
          {input('msisdn', 'MSISDN', '447700900123')}
          {input('accountId', 'Account', 'ACC-1001')}
          {input('serviceId', 'Service', 'SRV-1')}
          <label className="filter">
            <span>Status</span>
            <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">any</option>
              {RUN_STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label className="filter">
            <span>Kind</span>
            <select value={draft.isTest} onChange={(e) => setDraft({ ...draft, isTest: e.target.value })}>
              <option value="">all</option>
              <option value="false">real</option>
              <option value="true">test</option>
            </select>
          </label>
          <button className="btn btn-primary">Search</button>
          <button type="button" className="btn btn-ghost" onClick={() => (setDraft(EMPTY), setFilters(EMPTY), setTokens([undefined]))}>
            Reset
          </button>
        </form>
        {list.loading && !list.data ? (
          <Loading what="Loading runs" />
        ) : list.error ? (
          <ErrorState message={list.error} onRetry={list.reload} />
        ) : !list.data?.items.length ? (
          <Empty title="No runs match.">Raise an event (POST /api/events) or start a test run from a workflow's canvas.</Empty>
        ) : (
          <>
            <table className="table" data-testid="runs-table">
              <thead>
                <tr>
                  <th>Event code</th>
                  <th>Status</th>
                  <th>Subject</th>
                  <th>Version</th>
                  <th>Started</th>
                  <th>Duration</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.runId} onClick={() => (window.location.hash = href('runs', r.runId))}>
                    <td>
                      {/* A run started outside the API (by hand in Temporal) may carry no event code: the link names the run instead. */}
                      <a href={href('runs', r.runId)} className={r.eventCode ? undefined : 'muted mono small'}>
                        {r.eventCode ?? r.runId}
                      </a>
                    </td>
                    <td>
                      <span className={`pill run-${r.status}`}>{r.status}</span>
                      {r.isTest && <span className="pill">test</span>}
                    </td>
                    <td className="mono small">{Object.entries(r.subject ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}</td>
                    <td>{r.version ? `v${r.version}` : 'draft'}</td>
                    <td className="muted">{formatTime(r.startedAt)}</td>
                    <td className="muted">{runDuration(r)}</td>
                    <td>
                      {r.temporalUrl && (
                        <a href={r.temporalUrl} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
                          Temporal ↗
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button className="btn" disabled={tokens.length <= 1} onClick={() => setTokens(tokens.slice(0, -1))}>
                ‹ Newer
              </button>
              <button className="btn" disabled={!list.data.nextPageToken} onClick={() => setTokens([...tokens, list.data?.nextPageToken ?? undefined])}>
                Older ›
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
