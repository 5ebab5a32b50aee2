import { useState } from 'react';
import { ORDER_KINDS, ORDER_STATES } from '@signalbox/domain';
import { api, query, type Page } from '../api/api-client';
import { href, navigate } from '../app/router';
import { formatTime } from '../runs/run-format';
import { Pager } from '../ui/Pager';
import { Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import type { ServiceOrderSummary } from './ops.types';
import { ServiceOrderDetailView } from './ServiceOrderDetail';

interface Filters {
  provider: string;
  state: string;
  kind: string;
  serviceId: string;
  msisdn: string;
  /** datetime-local values (the browser's local time). */
  from: string;
  to: string;
}
const EMPTY: Filters = { provider: '', state: '', kind: '', serviceId: '', msisdn: '', from: '', to: '' };
const PAGE_SIZE = 50;

/** A datetime-local value as the ISO instant the API takes. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * Operations → Service orders: every order Signalbox sent to a provider, newest first, filtered
 * by provider, state, kind, subject and time; an order opens on its state history and the log of
 * every request and answer exchanged with the provider (the "event browser").
 */
export function ServiceOrdersScreen({ id }: { id?: string }) {
  return <div className="screen">{id ? <ServiceOrderDetailView key={id} id={id} /> : <ServiceOrderList />}</div>;
}

function ServiceOrderList() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const list = useAsync(
    () =>
      api.get<Page<ServiceOrderSummary>>(
        `/service-orders${query({ provider: filters.provider.trim(), state: filters.state, kind: filters.kind, serviceId: filters.serviceId.trim(), msisdn: filters.msisdn.trim(), from: isoOf(filters.from), to: isoOf(filters.to), page, pageSize: PAGE_SIZE })}`,
      ),
    [filters, page],
  );
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setPage(1);
  };
  const input = (k: keyof Filters, label: string, placeholder: string, type = 'text') => (
    <label className="filter">
      <span>{label}</span>
      <input type={type} value={draft[k]} placeholder={placeholder} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
    </label>
  );
  const select = (k: keyof Filters, label: string, options: readonly string[]) => (
    <label className="filter">
      <span>{label}</span>
      <select value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  const data = list.data;
  return (
    <div className="screen-main">
      <header className="screen-header">
        <div>
          <h1>Service orders</h1>
          <p className="muted">What Signalbox asked each provider to do, and what the provider answered. Open an order for its full exchange log.</p>
        </div>
      </header>
      <form className="filters filters-wide" onSubmit={apply} aria-label="Filter service orders">
        {input('provider', 'Provider', 'hss-main')}
        {select('state', 'State', ORDER_STATES)}
        {select('kind', 'Kind', ORDER_KINDS)}
        {input('serviceId', 'Service', 'SRV-1')}
        {input('msisdn', 'MSISDN', '447700900123')}
        {input('from', 'Created from', '', 'datetime-local')}
        {input('to', 'Created until', '', 'datetime-local')}
        <button className="btn btn-primary">Search</button>
        <button type="button" className="btn btn-ghost" onClick={() => (setDraft(EMPTY), setFilters(EMPTY), setPage(1))}>
          Reset
        </button>
      </form>
      {list.loading && !data ? (
        <Loading what="Loading service orders" />
      ) : list.error ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : !data?.items.length ? (
        <Empty title="No service orders match.">Orders appear here as runs send them to providers.</Empty>
      ) : (
        <>
          <table className="table" data-testid="orders-table">
            <thead>
              <tr>
                <th>Provider</th>
                <th>State</th>
                <th>Order</th>
                <th>Service</th>
                <th>Subject</th>
                <th>Created</th>
                <th>Run</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((o) => (
                <tr key={o.id} onClick={() => navigate('ops', 'orders', o.id)}>
                  <td>
                    <a href={href('ops', 'orders', o.id)} aria-label={`Order ${o.id} at ${o.providerCode}`}>
                      {o.providerCode}
                    </a>
                  </td>
                  <td>
                    <span className={`pill order-${o.state}`}>{o.state}</span>
                    {o.isTest && <span className="pill">test</span>}
                  </td>
                  <td className="small">
                    {o.action} {o.serviceType}
                    {o.kind !== 'service' ? <span className="muted"> ({o.kind})</span> : null}
                  </td>
                  <td className="mono small">{o.serviceKey}</td>
                  <td className="mono small">{Object.entries(o.subject ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')}</td>
                  <td className="muted">{formatTime(o.createdAt)}</td>
                  <td>
                    {o.runWorkflowId ? (
                      <a href={href('runs', o.runWorkflowId)} onClick={(e) => e.stopPropagation()}>
                        run
                      </a>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={data.page} pages={Math.max(1, Math.ceil(data.total / data.pageSize))} onPage={setPage} summary={`${data.total} order${data.total === 1 ? '' : 's'}`} />
        </>
      )}
    </div>
  );
}
