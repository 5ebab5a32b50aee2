import { useEffect, useState, type ReactNode } from 'react';
import { api, query, type Page } from '../api/api-client';
import { useAsync } from '../ui/use-async';
import { Empty, ErrorState, Loading } from '../ui/states';
import { Pager } from '../ui/Pager';
import { EntityEditor, type EntityFormProps } from './EntityEditor';

export interface Column<T> {
  key: string;
  label: string;
  render?: (item: T) => ReactNode;
  sortable?: boolean;
}

export interface ListScreenProps<T> {
  title: string;
  collection: string;
  /** One sentence on what this list is, shown under the title. */
  intro: string;
  columns: Column<T>[];
  keyOf(item: T): string;
  blank(): T;
  Form(props: EntityFormProps<T>): ReactNode;
  canEdit: boolean;
  canDelete?: boolean;
  /** Buttons shown with an existing entry's editor (e.g. set effective). */
  extraActions?(item: T, reload: () => void): ReactNode;
  emptyHint: string;
  prepare?(item: T): unknown;
  defaultSort?: string;
}

const PAGE_SIZE = 25;

export function ListScreen<T>(props: ListScreenProps<T>) {
  const [q, setQ] = useState('');
  const [debouncedQ, setDebouncedQ] = useState('');
  const [sort, setSort] = useState(props.defaultSort ?? props.columns[0].key);
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ item: T; isNew: boolean } | null>(null);

  useEffect(() => {
    const t = setTimeout(() => {
      setDebouncedQ(q);
      setPage(1);
    }, 250);
    return () => clearTimeout(t);
  }, [q]);

  const list = useAsync(
    () => api.get<Page<T>>(`/${props.collection}${query({ page, pageSize: PAGE_SIZE, sort, order, q: debouncedQ })}`),
    [props.collection, page, sort, order, debouncedQ],
  );
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  const toggleSort = (key: string) => {
    if (sort === key) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setOrder('asc');
    }
  };

  return (
    <div className="screen list-screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>{props.title}</h1>
            <p className="muted">{props.intro}</p>
          </div>
          <div className="toolbar">
            <input className="search" type="search" placeholder="Search…" value={q} onChange={(e) => setQ(e.target.value)} aria-label={`Search ${props.title}`} />
            {props.canEdit && (
              <button className="btn btn-primary" onClick={() => setEditing({ item: props.blank(), isNew: true })}>
                New
              </button>
            )}
          </div>
        </header>
        {list.loading && !list.data ? (
          <Loading what={`Loading ${props.title.toLowerCase()}`} />
        ) : list.error ? (
          <ErrorState message={list.error} onRetry={list.reload} />
        ) : !list.data?.items.length ? (
          <Empty title={debouncedQ ? `Nothing matches “${debouncedQ}”.` : `No ${props.title.toLowerCase()} yet.`}>{debouncedQ ? 'Try another search.' : props.canEdit ? props.emptyHint : 'Ask an analyst or admin to add some.'}</Empty>
        ) : (
          <>
            <table className="table">
              <thead>
                <tr>
                  {props.columns.map((c) => (
                    <th key={c.key} className={c.sortable !== false ? 'sortable' : ''} onClick={() => c.sortable !== false && toggleSort(c.key)} aria-sort={sort === c.key ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {c.label}
                      {sort === c.key && <span className="sort-mark">{order === 'asc' ? ' ▲' : ' ▼'}</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) => {
                  const key = props.keyOf(item);
                  return (
                    <tr key={key} className={editing && !editing.isNew && props.keyOf(editing.item) === key ? 'selected' : ''} onClick={() => setEditing({ item, isNew: false })}>
                      {props.columns.map((c) => (
                        <td key={c.key}>{c.render ? c.render(item) : String((item as Record<string, unknown>)[c.key] ?? '')}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Pager page={page} pages={pages} onPage={setPage} summary={`${list.data.total} ${list.data.total === 1 ? 'entry' : 'entries'}`} />
          </>
        )}
      </div>
      {editing && (
        <EntityEditor
          key={editing.isNew ? '__new' : props.keyOf(editing.item)}
          collection={props.collection}
          title={props.title}
          initial={editing.item}
          isNew={editing.isNew}
          keyOf={props.keyOf}
          Form={props.Form}
          canEdit={props.canEdit}
          canDelete={props.canDelete ?? props.canEdit}
          extraActions={props.extraActions}
          prepare={props.prepare}
          onClose={() => setEditing(null)}
          onSaved={(item) => {
            setEditing({ item, isNew: false });
            list.reload();
          }}
          onDeleted={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}
