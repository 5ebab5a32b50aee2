import type { ReactNode } from 'react';

/** Page-numbered paging under a list: the count on the left, Prev / Page n of m / Next. */
export function Pager({ page, pages, onPage, summary }: { page: number; pages: number; onPage: (page: number) => void; summary: ReactNode }) {
  return (
    <div className="pager">
      <span className="muted">{summary}</span>
      <button className="btn" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ Prev
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button className="btn" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next ›
      </button>
    </div>
  );
}
