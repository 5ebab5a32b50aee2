import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The intake outbox: a batch raise writes one row per planned run here in one transaction and
 * answers; the API's starters start the rows on Temporal. Snapshots are stored once per content
 * (a batch of 1,000 raises of one code shares one), keyed by their hash.
 */
export class IntakeOutbox1796960000001 implements MigrationInterface {
  name = 'IntakeOutbox1796960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_snapshots (
        hash text PRIMARY KEY,
        snapshot jsonb NOT NULL,
        last_used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE intake_outbox (
        workflow_id text PRIMARY KEY,
        event_code text NOT NULL,
        snapshot_hash text NOT NULL REFERENCES intake_snapshots (hash),
        input jsonb NOT NULL,
        start_at timestamptz,
        index_personal_keys boolean NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'started', 'duplicate', 'refused')),
        accepted_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        temporal_run_id text,
        last_error text,
        trace_context text
      )`);
    await q.query(`CREATE INDEX intake_outbox_due_idx ON intake_outbox (next_attempt_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX intake_outbox_snapshot_idx ON intake_outbox (snapshot_hash)`);
    await q.query(`CREATE INDEX intake_outbox_done_idx ON intake_outbox (started_at) WHERE status <> 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS intake_outbox`);
    await q.query(`DROP TABLE IF EXISTS intake_snapshots`);
  }
}
