import type { DataSource, EntityManager } from 'typeorm';

/** An order asking for a slot: the service-order id, the run that owns it, how it may share. */
export interface SlotRequest {
  requestId: string;
  runWorkflowId: string;
  /** In-flight changes allowed: shares the slot with other concurrent orders, never with an exclusive one. */
  concurrent: boolean;
  /** `express` goes ahead of every normal order waiting, behind the express ones already waiting. */
  priority?: 'normal' | 'express';
}

/** A slot handed to a waiting order: its run must be told (signalled) once the change is committed. */
export interface SlotGrant {
  requestId: string;
  runWorkflowId: string;
}

export interface SlotLine {
  queueKey: string;
  /** Orders holding the slot, in the order they were granted. */
  holders: (SlotRequest & { grantedAt: string })[];
  /** Orders waiting, in the order they will be granted. */
  waiting: (SlotRequest & { requestedAt: string })[];
}

interface SlotRow {
  request_id: string;
  run_workflow_id: string;
  concurrent: boolean;
  express: boolean;
  holding: boolean;
  requested_at: Date | string;
  granted_at: Date | string | null;
}

/**
 * Order slots as database rows: at most one order in flight per service (`service:<key>`) and per
 * sync provider (`provider:<code>`), granted in arrival order with express first, concurrent
 * orders sharing a slot with each other only. This replaces a queue workflow per service: taking
 * a free slot is one short transaction from the run's own worker, with nothing written to any
 * workflow history but the run's one marker, and no other workflow to start.
 *
 * Every change to a queue takes the queue's transaction-scoped advisory lock first, so two
 * workers can never both grant. A change that grants slots to waiting orders returns them; the
 * caller signals their runs after the commit. Each grant records who granted it (`granted_by`),
 * so a release repeated after a crash finds and signals again the grants it made (signals are
 * idempotent on the run's side).
 */
export class ServiceSlots {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Joins the queue (idempotent by request id) and takes the slot at once when nobody is ahead:
   * the queue is empty, or every holder and this order are concurrent with nobody waiting.
   */
  async acquire(queueKey: string, request: SlotRequest): Promise<{ granted: boolean }> {
    return this.dataSource.transaction(async (m) => {
      await lock(m, queueKey);
      const inserted = rows<{ holding: boolean }>(
        await m.query(
          `INSERT INTO service_slots (request_id, queue_key, run_workflow_id, concurrent, express, holding, granted_by, granted_at)
           SELECT $1, $2, $3, $4, $5, free, CASE WHEN free THEN $1 END, CASE WHEN free THEN now() END
             FROM (SELECT NOT EXISTS (
                            SELECT 1 FROM service_slots o
                             WHERE o.queue_key = $2 AND (NOT o.holding OR NOT o.concurrent OR NOT $4::boolean)
                          ) AS free) f
           ON CONFLICT (request_id) DO NOTHING
           RETURNING holding`,
          [request.requestId, queueKey, request.runWorkflowId, request.concurrent, request.priority === 'express'],
        ),
      );
      if (inserted.length > 0) return { granted: inserted[0].holding };
      // Asked again (the activity was retried): answer from the row as it is now.
      const [row] = rows<{ holding: boolean }>(await m.query(`SELECT holding FROM service_slots WHERE request_id = $1`, [request.requestId]));
      return { granted: row?.holding ?? false };
    });
  }

  /**
   * Hands the slot back (or leaves the line, for an order that gave up waiting) and grants it to
   * whoever is next. `found` is false when the queue never knew the request (it was taken from a
   * queue workflow before slots were rows); the grants include those an earlier attempt of this
   * same release made, to be signalled again.
   */
  async release(queueKey: string, requestId: string): Promise<{ found: boolean; grants: SlotGrant[] }> {
    return this.dataSource.transaction(async (m) => {
      await lock(m, queueKey);
      const deleted = rows(await m.query(`DELETE FROM service_slots WHERE request_id = $1 AND queue_key = $2 RETURNING request_id`, [requestId, queueKey]));
      const earlier = rows<SlotRow>(await m.query(`SELECT request_id, run_workflow_id FROM service_slots WHERE granted_by = $1 AND holding`, [requestId]));
      const granted = await grantNext(m, queueKey, requestId);
      return { found: deleted.length > 0 || earlier.length > 0, grants: [...earlier.map(toGrant), ...granted] };
    });
  }

  /**
   * Grants whatever is grantable now (after a holder was released on behalf of a run that is
   * gone) and says whether `requestId` holds the slot; the grants are to be signalled.
   */
  async check(queueKey: string, requestId: string): Promise<{ holding: boolean; grants: SlotGrant[] }> {
    return this.dataSource.transaction(async (m) => {
      await lock(m, queueKey);
      const grants = await grantNext(m, queueKey, `check:${requestId}`);
      const [row] = rows<{ holding: boolean }>(await m.query(`SELECT holding FROM service_slots WHERE request_id = $1`, [requestId]));
      return { holding: row?.holding ?? false, grants };
    });
  }

  /** The queue as it stands: holders, then waiters in the order they will be served. */
  async line(queueKey: string): Promise<SlotLine> {
    const all = rows<SlotRow>(
      await this.dataSource.query(
        `SELECT request_id, run_workflow_id, concurrent, express, holding, requested_at, granted_at
           FROM service_slots WHERE queue_key = $1
          ORDER BY holding DESC, CASE WHEN holding THEN 0 ELSE (NOT express)::int END, granted_at, seq`,
        [queueKey],
      ),
    );
    const base = (r: SlotRow): SlotRequest => ({ requestId: r.request_id, runWorkflowId: r.run_workflow_id, concurrent: r.concurrent, priority: r.express ? 'express' : 'normal' });
    return {
      queueKey,
      holders: all.filter((r) => r.holding).map((r) => ({ ...base(r), grantedAt: iso(r.granted_at) })),
      waiting: all.filter((r) => !r.holding).map((r) => ({ ...base(r), requestedAt: iso(r.requested_at) })),
    };
  }
}

/** Serialises every change to one queue across processes, until the transaction ends. */
async function lock(m: EntityManager, queueKey: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [queueKey]);
}

/** Grants the slot to the waiters at the head of the line for as long as they can share it. */
async function grantNext(m: EntityManager, queueKey: string, grantor: string): Promise<SlotGrant[]> {
  const all = rows<SlotRow>(
    await m.query(
      `SELECT request_id, run_workflow_id, concurrent, express, holding FROM service_slots
        WHERE queue_key = $1 ORDER BY holding DESC, express DESC, seq`,
      [queueKey],
    ),
  );
  const holders = all.filter((r) => r.holding);
  const waiting = all.filter((r) => !r.holding);
  const granted: SlotRow[] = [];
  for (const next of waiting) {
    const fits = holders.length === 0 || (next.concurrent && holders.every((h) => h.concurrent));
    if (!fits) break;
    holders.push(next);
    granted.push(next);
  }
  if (granted.length === 0) return [];
  await m.query(`UPDATE service_slots SET holding = true, granted_by = $2, granted_at = now() WHERE request_id = ANY($1)`, [granted.map((g) => g.request_id), grantor]);
  return granted.map(toGrant);
}

function toGrant(r: Pick<SlotRow, 'request_id' | 'run_workflow_id'>): SlotGrant {
  return { requestId: r.request_id, runWorkflowId: r.run_workflow_id };
}

function iso(value: Date | string | null): string {
  return value instanceof Date ? value.toISOString() : value ? new Date(value).toISOString() : '';
}

/** TypeORM's `query` answers rows for SELECT and [rows, count] for DML with RETURNING. */
function rows<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
