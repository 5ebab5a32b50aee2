import type { DataSource, EntityManager } from 'typeorm';
import type { RunInput, VersionSnapshot } from '@signalbox/contracts';

/** What a run needs to start, except its snapshot, which is stored once per content. */
export type OutboxInput = Omit<RunInput, 'snapshot'>;

/** One planned run as the intake writes it. */
export interface OutboxRun {
  workflowId: string;
  eventCode: string;
  snapshotHash: string;
  input: OutboxInput;
  /** When the run should begin (scheduledAt), null for now: the delay is computed when it is started. */
  startAt: Date | null;
  indexPersonalKeys: boolean;
  /** The accepting request's W3C `traceparent` (tracing on), so the run is started inside its trace. */
  traceContext?: string | null;
}

/** A snapshot as stored: its JSON text and the hash of that text. */
export interface StoredSnapshot {
  hash: string;
  json: string;
}

/** A claimed row with its snapshot, ready to start. */
export interface ClaimedRun {
  workflowId: string;
  eventCode: string;
  input: RunInput;
  startAt: Date | null;
  indexPersonalKeys: boolean;
  attempts: number;
  traceContext: string | null;
}

export type StartOutcome =
  | { workflowId: string; status: 'started' | 'duplicate'; temporalRunId: string }
  | { workflowId: string; status: 'refused'; error: string }
  /** Not started this time: tried again at `retryAt`; `attempted` false when no start was tried (Temporal was already found down). */
  | { workflowId: string; status: 'retry'; error: string; retryAt: Date; attempted: boolean };

export type OutboxStatus = 'queued' | 'started' | 'duplicate' | 'refused';

export interface OutboxView {
  runId: string;
  eventCode: string;
  status: OutboxStatus;
  acceptedAt: string;
  startedAt: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  error: string | null;
}

interface ClaimedRow {
  workflow_id: string;
  event_code: string;
  snapshot_hash: string;
  input: OutboxInput;
  start_at: Date | null;
  index_personal_keys: boolean;
  attempts: number;
  trace_context: string | null;
}

/** Snapshots parsed once per process: a stored snapshot never changes (its key is its content's hash). */
const SNAPSHOT_CACHE_SIZE = 64;

/**
 * The intake outbox (see docs/architecture.md, "Event intake"): accepted runs are rows until a
 * starter has started them on Temporal. Several API processes claim rows with
 * FOR UPDATE SKIP LOCKED, holding the claim only while they start: a process that dies releases
 * its claim with its connection, and the rows are taken by the next pass of any process.
 */
export class IntakeOutbox {
  private readonly snapshots = new Map<string, VersionSnapshot>();

  constructor(private readonly db: DataSource) {}

  /**
   * Writes the runs in one transaction; a workflow id already in the outbox is left as it is
   * (the idempotency key's earlier raise). Returns the ids this call wrote.
   */
  async accept(snapshots: StoredSnapshot[], runs: OutboxRun[]): Promise<Set<string>> {
    if (runs.length === 0) return new Set();
    // The texts are spliced in as they are: each is JSON.stringify's output, stored as jsonb.
    const snapshotRows = `[${snapshots.map((s) => `{"hash":${JSON.stringify(s.hash)},"snapshot":${s.json}}`).join(',')}]`;
    const runRows = JSON.stringify(
      runs.map((r) => ({
        workflow_id: r.workflowId,
        event_code: r.eventCode,
        snapshot_hash: r.snapshotHash,
        input: r.input,
        start_at: r.startAt?.toISOString() ?? null,
        index_personal_keys: r.indexPersonalKeys,
        trace_context: r.traceContext ?? null,
      })),
    );
    return this.db.transaction(async (em) => {
      // Touching last_used_at also locks a snapshot row against pruning until this commits.
      await em.query(
        `INSERT INTO intake_snapshots (hash, snapshot) SELECT hash, snapshot FROM jsonb_to_recordset($1::jsonb) AS r(hash text, snapshot jsonb)
         ON CONFLICT (hash) DO UPDATE SET last_used_at = now()`,
        [snapshotRows],
      );
      const written = (await em.query(
        `INSERT INTO intake_outbox (workflow_id, event_code, snapshot_hash, input, start_at, index_personal_keys, trace_context)
         SELECT workflow_id, event_code, snapshot_hash, input, start_at, index_personal_keys, trace_context
           FROM jsonb_to_recordset($1::jsonb) AS r(workflow_id text, event_code text, snapshot_hash text, input jsonb, start_at timestamptz, index_personal_keys boolean, trace_context text)
         ON CONFLICT (workflow_id) DO NOTHING RETURNING workflow_id`,
        [runRows],
      )) as { workflow_id: string }[];
      return new Set(written.map((w) => w.workflow_id));
    });
  }

  /**
   * Claims up to `limit` due rows, lets `start` start them, and records each outcome, all in one
   * transaction. Returns how many rows were claimed.
   */
  async claimAndStart(limit: number, start: (runs: ClaimedRun[]) => Promise<StartOutcome[]>): Promise<number> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows = (await runner.query(
        `SELECT workflow_id, event_code, snapshot_hash, input, start_at, index_personal_keys, attempts, trace_context FROM intake_outbox
          WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY next_attempt_at, accepted_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as ClaimedRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      await this.loadSnapshots(runner.manager, [...new Set(rows.map((r) => r.snapshot_hash))]);
      const claimed = rows.map((r) => ({
        workflowId: r.workflow_id,
        eventCode: r.event_code,
        input: { ...r.input, snapshot: this.snapshots.get(r.snapshot_hash)! },
        startAt: r.start_at,
        indexPersonalKeys: r.index_personal_keys,
        attempts: r.attempts,
        traceContext: r.trace_context,
      }));
      const outcomes = await start(claimed);
      await runner.query(
        `UPDATE intake_outbox o SET
            status = CASE WHEN r.status = 'retry' THEN 'queued' ELSE r.status END,
            attempts = o.attempts + CASE WHEN r.attempted THEN 1 ELSE 0 END,
            next_attempt_at = coalesce(r.retry_at, o.next_attempt_at),
            started_at = CASE WHEN r.status IN ('started', 'duplicate') THEN now() ELSE o.started_at END,
            temporal_run_id = coalesce(r.temporal_run_id, o.temporal_run_id),
            last_error = r.error
           FROM jsonb_to_recordset($1::jsonb) AS r(workflow_id text, status text, attempted boolean, retry_at timestamptz, temporal_run_id text, error text)
          WHERE o.workflow_id = r.workflow_id`,
        [
          JSON.stringify(
            outcomes.map((o) => ({
              workflow_id: o.workflowId,
              status: o.status,
              attempted: o.status !== 'retry' || o.attempted,
              retry_at: o.status === 'retry' ? o.retryAt.toISOString() : null,
              temporal_run_id: o.status === 'started' || o.status === 'duplicate' ? o.temporalRunId : null,
              error: o.status === 'refused' || o.status === 'retry' ? o.error : null,
            })),
          ),
        ],
      );
      await runner.commitTransaction();
      return rows.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** When the earliest queued row is due (null: none queued). */
  async nextDue(): Promise<Date | null> {
    const [row] = (await this.db.query(`SELECT min(next_attempt_at) AS due FROM intake_outbox WHERE status = 'queued'`)) as { due: Date | null }[];
    return row?.due ?? null;
  }

  async view(workflowId: string): Promise<OutboxView | undefined> {
    const [row] = (await this.db.query(
      `SELECT workflow_id, event_code, status, accepted_at, started_at, attempts, next_attempt_at, last_error FROM intake_outbox WHERE workflow_id = $1`,
      [workflowId],
    )) as { workflow_id: string; event_code: string; status: OutboxStatus; accepted_at: Date; started_at: Date | null; attempts: number; next_attempt_at: Date; last_error: string | null }[];
    if (!row) return undefined;
    return {
      runId: row.workflow_id,
      eventCode: row.event_code,
      status: row.status,
      acceptedAt: row.accepted_at.toISOString(),
      startedAt: row.started_at?.toISOString() ?? null,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'queued' ? row.next_attempt_at.toISOString() : null,
      error: row.last_error,
    };
  }

  /**
   * Forgets rows settled more than `keepMs` ago and snapshots no row uses any more. A repeat of a
   * forgotten key is still one run: Temporal refuses a second start of the workflow id.
   */
  async prune(keepMs: number): Promise<void> {
    const cutoff = new Date(Date.now() - keepMs);
    await this.db.query(`DELETE FROM intake_outbox WHERE status <> 'queued' AND coalesce(started_at, accepted_at) < $1`, [cutoff]);
    await this.db.query(`DELETE FROM intake_snapshots s WHERE s.last_used_at < $1 AND NOT EXISTS (SELECT 1 FROM intake_outbox o WHERE o.snapshot_hash = s.hash)`, [cutoff]);
  }

  private async loadSnapshots(em: EntityManager, hashes: string[]): Promise<void> {
    const missing = hashes.filter((h) => !this.snapshots.has(h));
    if (missing.length) {
      const rows = (await em.query(`SELECT hash, snapshot FROM intake_snapshots WHERE hash = ANY($1)`, [missing])) as { hash: string; snapshot: VersionSnapshot }[];
      for (const row of rows) this.snapshots.set(row.hash, row.snapshot);
    }
    // Oldest first out: a Map iterates in insertion order.
    for (const key of this.snapshots.keys()) {
      if (this.snapshots.size <= SNAPSHOT_CACHE_SIZE + hashes.length) break;
      if (!hashes.includes(key)) this.snapshots.delete(key);
    }
  }
}
