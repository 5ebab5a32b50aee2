import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliations1796600000000 implements MigrationInterface {
  name = 'Reconciliations1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliations (
        id uuid PRIMARY KEY,
        provider_code text NOT NULL,
        selection jsonb NOT NULL,
        dry_run boolean NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        requested_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`);
    await q.query(`CREATE INDEX reconciliations_started_idx ON reconciliations (started_at DESC)`);
    // The report: one line per subject, written (and rewritten on a retried page) by key.
    await q.query(`
      CREATE TABLE reconciliation_lines (
        reconciliation_id uuid NOT NULL REFERENCES reconciliations (id) ON DELETE CASCADE,
        subject_key text NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('in-sync', 'differs', 'missing-at-provider', 'missing-in-signalbox', 'unreadable')),
        differences jsonb NOT NULL DEFAULT '[]',
        provider_state jsonb,
        detail text,
        sync text NOT NULL DEFAULT 'none' CHECK (sync IN ('none', 'pending', 'synced', 'failed', 'unresolvable')),
        orders jsonb NOT NULL DEFAULT '[]',
        checked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (reconciliation_id, subject_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_lines`);
    await q.query(`DROP TABLE reconciliations`);
  }
}
