import type { DataSource, EntityManager } from 'typeorm';
import type { OrderAction, Subject, Transition } from '@signalbox/domain';
import type { ReconciliationSelection, ReconciliationVerdict, ServiceDifference } from '@signalbox/contracts';
import { rowsOf } from '../common/query-rows';

export type LineSync = 'none' | 'pending' | 'synced' | 'failed' | 'unresolvable';

export interface ReconciliationRow {
  id: string;
  provider: string;
  selection: ReconciliationSelection;
  dryRun: boolean;
  status: 'running' | 'done' | 'failed';
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface ReconciliationLine {
  subjectKey: string;
  verdict: ReconciliationVerdict;
  differences: ServiceDifference[];
  providerState: Record<string, unknown> | null;
  detail: string | null;
  sync: LineSync;
  /** Service orders sent to bring the subject back, in order. */
  orders: { serviceOrderId: string; serviceType: string; action: OrderAction; state: string }[];
  checkedAt: string;
}

/** One subject as Signalbox recorded it (`state` null: Signalbox has no record of it at the provider). */
export interface RecordedSubject {
  subjectKey: string;
  state: Record<string, unknown> | null;
}

/** What a reconciliation order is built from: the last completed order of that service type for the subject. */
export interface LastOrder {
  serviceKey: string;
  subject: Subject;
  fields: Record<string, unknown>;
  priority: 'normal' | 'express';
}

export interface ReconciliationCounts {
  subjects: number;
  inSync: number;
  differs: number;
  missingAtProvider: number;
  missingInSignalbox: number;
  unreadable: number;
  synced: number;
  syncFailed: number;
  unresolvable: number;
}

/**
 * Reconciliations and their per-subject report. Subjects are paged by key (never by offset), so a
 * page read again after a worker restart is the same page; lines are written by key, so a repeated
 * page rewrites its lines instead of adding more.
 */
export class ReconciliationStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(r: { id: string; provider: string; selection: ReconciliationSelection; dryRun: boolean; requestedBy: string }, em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`INSERT INTO reconciliations (id, provider_code, selection, dry_run, requested_by) VALUES ($1, $2, $3, $4, $5)`, [
      r.id,
      r.provider,
      JSON.stringify(r.selection),
      r.dryRun,
      r.requestedBy,
    ]);
  }

  async get(id: string): Promise<ReconciliationRow | undefined> {
    const [row] = rowsOf(await this.dataSource.query(`SELECT * FROM reconciliations WHERE id = $1`, [id]));
    return row ? reconciliationOf(row) : undefined;
  }

  async list(limit = 50): Promise<ReconciliationRow[]> {
    return rowsOf(await this.dataSource.query(`SELECT * FROM reconciliations ORDER BY started_at DESC, id LIMIT $1`, [limit])).map(reconciliationOf);
  }

  async finish(id: string, status: 'done' | 'failed', error?: string): Promise<void> {
    await this.dataSource.query(`UPDATE reconciliations SET status = $2, finished_at = now(), error = $3 WHERE id = $1 AND status = 'running'`, [id, status, error ?? null]);
  }

  /**
   * The next page of subjects after `cursor`: those Signalbox provisioned at the provider (of the
   * service type, when given), or the listed ones, each with Signalbox's recorded state.
   */
  async subjectPage(provider: string, selection: ReconciliationSelection, cursor: string | undefined, size: number): Promise<RecordedSubject[]> {
    const rows = selection.subjects
      ? rowsOf(
          await this.dataSource.query(
            `SELECT k.key AS subject_key, ps.state FROM unnest($2::text[]) AS k(key)
               LEFT JOIN provisioning_status ps ON ps.provider_code = $1 AND ps.subject_key = k.key
              WHERE ($3::text IS NULL OR k.key > $3) ORDER BY k.key LIMIT $4`,
            [provider, selection.subjects, cursor ?? null, size],
          ),
        )
      : rowsOf(
          await this.dataSource.query(
            `SELECT subject_key, state FROM provisioning_status
              WHERE provider_code = $1 AND ($2::text IS NULL OR state->'services' ? $2) AND ($3::text IS NULL OR subject_key > $3)
              ORDER BY subject_key LIMIT $4`,
            [provider, selection.serviceType ?? null, cursor ?? null, size],
          ),
        );
    return rows.map((r) => ({ subjectKey: String(r.subject_key), state: (r.state as Record<string, unknown> | null) ?? null }));
  }

  async writeLine(id: string, line: Omit<ReconciliationLine, 'checkedAt' | 'orders'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reconciliation_lines (reconciliation_id, subject_key, verdict, differences, provider_state, detail, sync)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (reconciliation_id, subject_key) DO UPDATE
         SET verdict = EXCLUDED.verdict, differences = EXCLUDED.differences, provider_state = EXCLUDED.provider_state,
             detail = EXCLUDED.detail, checked_at = now(),
             -- a line already synced (a page repeated after its orders went out) keeps its outcome
             sync = CASE WHEN reconciliation_lines.sync IN ('synced', 'failed') THEN reconciliation_lines.sync ELSE EXCLUDED.sync END`,
      [id, line.subjectKey, line.verdict, JSON.stringify(line.differences), line.providerState === null ? null : JSON.stringify(line.providerState), line.detail, line.sync],
    );
  }

  async recordSync(id: string, subjectKey: string, sync: LineSync, orders: ReconciliationLine['orders'], detail?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reconciliation_lines SET sync = $3, orders = $4, detail = COALESCE($5, detail) WHERE reconciliation_id = $1 AND subject_key = $2`,
      [id, subjectKey, sync, JSON.stringify(orders), detail ?? null],
    );
  }

  async lines(id: string, filter: { verdict?: ReconciliationVerdict; after?: string; limit: number }): Promise<ReconciliationLine[]> {
    const rows = rowsOf(
      await this.dataSource.query(
        `SELECT * FROM reconciliation_lines WHERE reconciliation_id = $1 AND ($2::text IS NULL OR verdict = $2) AND ($3::text IS NULL OR subject_key > $3)
          ORDER BY subject_key LIMIT $4`,
        [id, filter.verdict ?? null, filter.after ?? null, filter.limit],
      ),
    );
    return rows.map(lineOf);
  }

  async counts(id: string): Promise<ReconciliationCounts> {
    const [row] = rowsOf(
      await this.dataSource.query(
        `SELECT count(*)::int AS subjects,
                count(*) FILTER (WHERE verdict = 'in-sync')::int AS in_sync,
                count(*) FILTER (WHERE verdict = 'differs')::int AS differs,
                count(*) FILTER (WHERE verdict = 'missing-at-provider')::int AS missing_at_provider,
                count(*) FILTER (WHERE verdict = 'missing-in-signalbox')::int AS missing_in_signalbox,
                count(*) FILTER (WHERE verdict = 'unreadable')::int AS unreadable,
                count(*) FILTER (WHERE sync = 'synced')::int AS synced,
                count(*) FILTER (WHERE sync = 'failed')::int AS sync_failed,
                count(*) FILTER (WHERE sync = 'unresolvable')::int AS unresolvable
           FROM reconciliation_lines WHERE reconciliation_id = $1`,
        [id],
      ),
    );
    const n = (name: string) => Number(row?.[name] ?? 0);
    return {
      subjects: n('subjects'),
      inSync: n('in_sync'),
      differs: n('differs'),
      missingAtProvider: n('missing_at_provider'),
      missingInSignalbox: n('missing_in_signalbox'),
      unreadable: n('unreadable'),
      synced: n('synced'),
      syncFailed: n('sync_failed'),
      unresolvable: n('unresolvable'),
    };
  }

  /** The service type's order state machine (undefined when the catalog has no such type). */
  async transitions(serviceType: string): Promise<Transition[] | undefined> {
    const [row] = rowsOf(await this.dataSource.query(`SELECT definition->'transitions' AS transitions FROM service_types WHERE code = $1`, [serviceType]));
    return Array.isArray(row?.transitions) ? (row.transitions as Transition[]) : undefined;
  }

  /** The last completed (non-test) order of the service type for the subject at the provider. */
  async lastOrder(provider: string, subjectKey: string, serviceType: string): Promise<LastOrder | undefined> {
    const [row] = rowsOf(
      await this.dataSource.query(
        `SELECT service_key, subject, fields, priority FROM service_orders
          WHERE provider_code = $1 AND service_key = $2 AND service_type = $3 AND state = 'COMPLETED' AND NOT is_test
          ORDER BY closed_at DESC NULLS LAST LIMIT 1`,
        [provider, subjectKey, serviceType],
      ),
    );
    return row ? { serviceKey: String(row.service_key), subject: row.subject as Subject, fields: (row.fields as Record<string, unknown>) ?? {}, priority: row.priority === 'express' ? 'express' : 'normal' } : undefined;
  }
}

type Raw = Record<string, unknown>;


const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

function reconciliationOf(r: Raw): ReconciliationRow {
  return {
    id: String(r.id),
    provider: String(r.provider_code),
    selection: r.selection as ReconciliationSelection,
    dryRun: Boolean(r.dry_run),
    status: r.status as ReconciliationRow['status'],
    requestedBy: String(r.requested_by),
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    error: (r.error as string | null) ?? null,
  };
}

function lineOf(r: Raw): ReconciliationLine {
  return {
    subjectKey: String(r.subject_key),
    verdict: r.verdict as ReconciliationVerdict,
    differences: r.differences as ServiceDifference[],
    providerState: (r.provider_state as Record<string, unknown> | null) ?? null,
    detail: (r.detail as string | null) ?? null,
    sync: r.sync as LineSync,
    orders: r.orders as ReconciliationLine['orders'],
    checkedAt: iso(r.checked_at),
  };
}
