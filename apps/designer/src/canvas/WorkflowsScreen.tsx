import { useState } from 'react';
import { api, query, type Page } from '../api/api-client';
import type { WorkflowSummary } from '../api/api-types';
import { useAsync } from '../ui/use-async';
import { Empty, ErrorState, Loading } from '../ui/states';
import { Pager } from '../ui/Pager';
import { href } from '../app/router';
import { formatTime } from '../runs/run-format';

export function WorkflowsScreen() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.get<Page<WorkflowSummary>>(`/workflows${query({ page, pageSize: 50, q, sort: 'eventCode', order: 'asc' })}`), [q, page]);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / 50)) : 1;
  return (
    <div className="screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>Workflows</h1>
            <p className="muted">One workflow per event code. Open one to design, test and publish it.</p>
          </div>
          <div className="toolbar">
            <input className="search" type="search" placeholder="Search…" value={q} onChange={(e) => (setQ(e.target.value), setPage(1))} aria-label="Search workflows" />
            <a className="btn btn-primary" href={href('event-codes')}>
              New event code
            </a>
          </div>
        </header>
        {list.loading && !list.data ? (
          <Loading what="Loading workflows" />
        ) : list.error ? (
          <ErrorState message={list.error} onRetry={list.reload} />
        ) : !list.data?.items.length ? (
          <Empty title={q ? `No workflow matches “${q}”.` : 'No workflows yet.'}>
            {q ? 'Try another search.' : <>Create an event code under <a href={href('event-codes')}>Event codes</a>; its workflow appears here.</>}
          </Empty>
        ) : (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th>Event code</th>
                  <th>Name</th>
                  <th>Event type</th>
                  <th>Published</th>
                  <th>Draft edited</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((w) => (
                  <tr key={w.eventCode} onClick={() => (window.location.hash = href('workflows', w.eventCode))}>
                    <td>
                      <a href={href('workflows', w.eventCode)}>{w.eventCode}</a>
                    </td>
                    <td>{w.name}</td>
                    <td>{w.eventType}</td>
                    <td>{w.latestVersion ? <span className="pill pill-ok">v{w.latestVersion}</span> : <span className="pill">draft only</span>}</td>
                    <td className="muted">{formatTime(w.draftUpdatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} pages={pages} onPage={setPage} summary={`${list.data.total} workflows`} />
          </>
        )}
      </div>
    </div>
  );
}
