import type { DataSource } from 'typeorm';
import { rowsOf } from '../common/query-rows';

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
 * workers can never both grant; the changes are PL/pgSQL functions (migration
 * 1796980000000), so taking or handing back a slot is one round trip. A change that grants slots
 * to waiting orders returns them; the caller signals their runs after the commit. Each grant records who granted it (`granted_by`),
 * so a release repeated after a crash finds and signals again the grants it made (signals are
 * idempotent on the run's side).
 */
export class ServiceSlots {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Joins the queue (idempotent by request id) and takes the slot at once when nobody is ahead:
   * the queue is empty, or every holder and this order are concurrent with nobody waiting.
   * One round trip (`service_slot_acquire`, which takes the queue's lock itself).
   */
  async acquire(queueKey: string, request: SlotRequest): Promise<{ granted: boolean }> {
    const [row] = rowsOf<{ granted: boolean }>(
      await this.dataSource.query(`SELECT service_slot_acquire($1, $2, $3, $4, $5) AS granted`, [
        queueKey,
        request.requestId,
        request.runWorkflowId,
        request.concurrent,
        request.priority === 'express',
      ]),
    );
    return { granted: row?.granted === true };
  }

  /**
   * Hands the slot back (or leaves the line, for an order that gave up waiting) and grants it to
   * whoever is next, in one round trip (`service_slot_release`). `found` is false when the queue
   * never knew the request (it was taken from a queue workflow before slots were rows); the grants
   * include those an earlier attempt of this same release made, to be signalled again.
   */
  async release(queueKey: string, requestId: string): Promise<{ found: boolean; grants: SlotGrant[] }> {
    const all = rowsOf<{ known: boolean | null; grant_request: string | null; grant_run: string | null }>(
      await this.dataSource.query(`SELECT known, grant_request, grant_run FROM service_slot_release($1, $2)`, [queueKey, requestId]),
    );
    const grants = all.filter((r) => r.grant_request !== null).map((r) => ({ requestId: r.grant_request as string, runWorkflowId: r.grant_run as string }));
    return { found: all.at(-1)?.known === true, grants };
  }

  /**
   * Grants whatever is grantable now (after a holder was released on behalf of a run that is
   * gone) and says whether `requestId` holds the slot; the grants are to be signalled.
   */
  async check(queueKey: string, requestId: string): Promise<{ holding: boolean; grants: SlotGrant[] }> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [queueKey]);
      const granted = rowsOf<{ g_request: string; g_run: string }>(await m.query(`SELECT g_request, g_run FROM service_slot_grant($1, $2)`, [queueKey, `check:${requestId}`]));
      const [row] = rowsOf<{ holding: boolean }>(await m.query(`SELECT holding FROM service_slots WHERE request_id = $1`, [requestId]));
      return { holding: row?.holding ?? false, grants: granted.map((g) => ({ requestId: g.g_request, runWorkflowId: g.g_run })) };
    });
  }

  /** The queue as it stands: holders, then waiters in the order they will be served. */
  async line(queueKey: string): Promise<SlotLine> {
    const all = rowsOf<SlotRow>(
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

function iso(value: Date | string | null): string {
  return value instanceof Date ? value.toISOString() : value ? new Date(value).toISOString() : '';
}
