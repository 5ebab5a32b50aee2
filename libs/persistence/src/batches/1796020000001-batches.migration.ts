import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Batches1796020000001 implements MigrationInterface {
  name = 'Batches1796020000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE batch_definitions (
        code text PRIMARY KEY,
        event_code text NOT NULL,
        description text,
        source jsonb NOT NULL,
        schedule jsonb NOT NULL,
        paging jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A CSV's subjects, one row per accepted line: executions page through them by line number.
    await q.query(`
      CREATE TABLE batch_subjects (
        batch_code text NOT NULL REFERENCES batch_definitions (code) ON DELETE CASCADE,
        line integer NOT NULL,
        subject jsonb NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (batch_code, line)
      )`);
    // The run log. Kept after its definition is deleted (no foreign key).
    await q.query(`
      CREATE TABLE batch_executions (
        id bigserial PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        batch_code text NOT NULL,
        event_code text NOT NULL,
        scheduled_at timestamptz,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        subjects integer NOT NULL DEFAULT 0,
        started integer NOT NULL DEFAULT 0,
        duplicates integer NOT NULL DEFAULT 0,
        cursor text,
        error text
      )`);
    await q.query(`CREATE INDEX batch_executions_batch_idx ON batch_executions (batch_code, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE batch_executions`);
    await q.query(`DROP TABLE batch_subjects`);
    await q.query(`DROP TABLE batch_definitions`);
  }
}
