import type { DataSource, EntityManager } from 'typeorm';
import type { BatchPaging, BatchQuery, BatchSchedule, BatchSource, BatchSubject } from '@signalbox/contracts';
import type { Subject } from '@signalbox/domain';
import { rowsOf } from '../common/query-rows';

export interface BatchDefinitionRow {
  code: string;
  eventCode: string;
  description: string | null;
  source: BatchSource;
  schedule: BatchSchedule;
  paging: BatchPaging;
  createdAt: string;
  updatedAt: string;
}

export interface BatchExecutionRow {
  id: string;
  workflowId: string;
  batchCode: string;
  eventCode: string;
  scheduledAt: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed';
  subjects: number;
  started: number;
  duplicates: number;
  error: string | null;
}

export interface SubjectPage {
  items: BatchSubject[];
  /** Where the next page starts; undefined when this page was the last. */
  next?: string;
}

/**
 * Batch definitions, a CSV batch's subjects and the run log of executions. Paging is by key
 * (line number, or subject key for queries), never by offset, so a page is the same on a retry.
 */
export class BatchStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(def: { code: string; eventCode: string; description?: string; source: BatchSource; schedule: BatchSchedule; paging: BatchPaging }, lines: { line: number; subject: Subject; data: Record<string, unknown> }[], em: EntityManager): Promise<void> {
    await em.query(`INSERT INTO batch_definitions (code, event_code, description, source, schedule, paging) VALUES ($1, $2, $3, $4, $5, $6)`, [
      def.code,
      def.eventCode,
      def.description ?? null,
      JSON.stringify(def.source),
      JSON.stringify(def.schedule),
      JSON.stringify(def.paging),
    ]);
    // Chunked multi-row inserts: 100,000 lines in a few hundred statements, not 100,000.
    for (let from = 0; from < lines.length; from += 500) {
      const chunk = lines.slice(from, from + 500);
      const params: unknown[] = [def.code];
      const values = chunk.map((l) => {
        params.push(l.line, JSON.stringify(l.subject), JSON.stringify(l.data));
        const n = params.length;
        return `($1, $${n - 2}, $${n - 1}, $${n})`;
      });
      await em.query(`INSERT INTO batch_subjects (batch_code, line, subject, data) VALUES ${values.join(', ')}`, params);
    }
  }

  async exists(code: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return rowsOf(await em.query(`SELECT 1 FROM batch_definitions WHERE code = $1`, [code])).length > 0;
  }

  async get(code: string): Promise<BatchDefinitionRow | undefined> {
    const [row] = rowsOf(await this.dataSource.query(`SELECT * FROM batch_definitions WHERE code = $1`, [code]));
    return row ? definitionOf(row) : undefined;
  }

  async list(): Promise<BatchDefinitionRow[]> {
    return rowsOf(await this.dataSource.query(`SELECT * FROM batch_definitions ORDER BY code`)).map(definitionOf);
  }

  async delete(code: string, em: EntityManager): Promise<boolean> {
    return rowsOf(await em.query(`DELETE FROM batch_definitions WHERE code = $1 RETURNING code`, [code])).length > 0;
  }

  /** Opens (or finds, on a retry) the execution of a batch workflow; answers its id. */
  async openExecution(e: { workflowId: string; batchCode: string; eventCode: string; scheduledAt?: string }): Promise<BatchExecutionRow> {
    await this.dataSource.query(
      `INSERT INTO batch_executions (workflow_id, batch_code, event_code, scheduled_at) VALUES ($1, $2, $3, $4) ON CONFLICT (workflow_id) DO NOTHING`,
      [e.workflowId, e.batchCode, e.eventCode, e.scheduledAt ?? null],
    );
    const [row] = rowsOf(await this.dataSource.query(`SELECT * FROM batch_executions WHERE workflow_id = $1`, [e.workflowId]));
    return executionOf(row);
  }

  async execution(id: string): Promise<BatchExecutionRow | undefined> {
    const [row] = rowsOf(await this.dataSource.query(`SELECT * FROM batch_executions WHERE id = $1`, [id]));
    return row ? executionOf(row) : undefined;
  }

  async executions(batchCode: string, limit: number): Promise<BatchExecutionRow[]> {
    return rowsOf(await this.dataSource.query(`SELECT * FROM batch_executions WHERE batch_code = $1 ORDER BY id DESC LIMIT $2`, [batchCode, limit])).map(executionOf);
  }

  /**
   * Counts a page once: only the call that finds the execution still at `after` moves it to
   * `next` and adds the page's counts, so a retried page activity never counts twice.
   */
  async recordPage(id: string, after: string | null, next: string | null, counts: { subjects: number; started: number; duplicates: number }): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE batch_executions SET cursor = $3, subjects = subjects + $4, started = started + $5, duplicates = duplicates + $6
        WHERE id = $1 AND cursor IS NOT DISTINCT FROM $2 AND status = 'running' RETURNING id`,
      [id, after, next, counts.subjects, counts.started, counts.duplicates],
    );
    return rowsOf(result).length > 0;
  }

  async finishExecution(id: string, status: 'done' | 'failed', error?: string): Promise<void> {
    await this.dataSource.query(`UPDATE batch_executions SET status = $2, finished_at = now(), error = $3 WHERE id = $1 AND status = 'running'`, [id, status, error ?? null]);
  }

  /** One page of a CSV batch's subjects after line `after`. */
  async csvPage(code: string, after: number, limit: number): Promise<SubjectPage> {
    const rows = rowsOf(
      await this.dataSource.query(`SELECT line, subject, data FROM batch_subjects WHERE batch_code = $1 AND line > $2 ORDER BY line LIMIT $3`, [code, after, limit + 1]),
    ) as { line: number; subject: Subject; data: Record<string, unknown> }[];
    const items = rows.slice(0, limit).map((r) => ({ key: String(r.line), subject: r.subject, data: r.data }));
    return { items, ...(rows.length > limit ? { next: items.at(-1)?.key } : {}) };
  }

  /** One page of a query batch's subjects after subject key `after` (keyset order). */
  async queryPage(query: BatchQuery, after: string, limit: number): Promise<SubjectPage> {
    const rows = rowsOf(
      query.over === 'provisioning-status'
        ? await this.dataSource.query(
            `SELECT ps.subject_key AS key, so.subject FROM provisioning_status ps JOIN service_orders so ON so.id = ps.order_id
              WHERE ps.provider_code = $1 AND ($2::text IS NULL OR so.service_type = $2) AND ps.subject_key > $3
              ORDER BY ps.subject_key LIMIT $4`,
            [query.provider, query.serviceType ?? null, after, limit + 1],
          )
        : await this.dataSource.query(
            `SELECT DISTINCT ON (service_key) service_key AS key, subject FROM service_orders
              WHERE provider_code = $1 AND state = $2 AND NOT is_test AND service_key > $3
              ORDER BY service_key, created_at DESC LIMIT $4`,
            [query.provider, query.state, after, limit + 1],
          ),
    ) as { key: string; subject: Subject }[];
    const items = rows.slice(0, limit).map((r) => ({ key: r.key, subject: r.subject, data: {} }));
    return { items, ...(rows.length > limit ? { next: items.at(-1)?.key } : {}) };
  }
}

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

function definitionOf(r: Raw): BatchDefinitionRow {
  return {
    code: r.code as string,
    eventCode: r.event_code as string,
    description: (r.description as string | null) ?? null,
    source: r.source as BatchSource,
    schedule: r.schedule as BatchSchedule,
    paging: r.paging as BatchPaging,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

function executionOf(r: Raw): BatchExecutionRow {
  return {
    id: String(r.id),
    workflowId: r.workflow_id as string,
    batchCode: r.batch_code as string,
    eventCode: r.event_code as string,
    scheduledAt: iso(r.scheduled_at),
    startedAt: iso(r.started_at) as string,
    finishedAt: iso(r.finished_at),
    status: r.status as BatchExecutionRow['status'],
    subjects: Number(r.subjects),
    started: Number(r.started),
    duplicates: Number(r.duplicates),
    error: (r.error as string | null) ?? null,
  };
}

/** `query()` answers an UPDATE/DELETE with `[rows, count]` and a SELECT/INSERT with the rows. */
