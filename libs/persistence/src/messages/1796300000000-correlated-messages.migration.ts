import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business messages correlated by key (`POST /api/messages`): the messages (buffered until their
 * expiry when no run was waiting), which runs received each, and the message waits runs are in.
 * The `integration` API-key role that sends them came with the TMF641 migration before this one.
 */
export class CorrelatedMessages1796300000000 implements MigrationInterface {
  name = 'CorrelatedMessages1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE correlated_messages (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        correlation_keys jsonb NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`);
    await q.query(`CREATE INDEX correlated_messages_buffered_idx ON correlated_messages (name, created_at) WHERE consumed_at IS NULL`);
    await q.query(`CREATE INDEX correlated_messages_created_idx ON correlated_messages (created_at)`);
    await q.query(`
      CREATE TABLE message_deliveries (
        message_id uuid NOT NULL REFERENCES correlated_messages (id) ON DELETE CASCADE,
        run_id text NOT NULL,
        node_id text,
        via text NOT NULL CHECK (via IN ('waiting', 'buffer')),
        delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, run_id)
      )`);
    await q.query(`CREATE INDEX message_deliveries_run_idx ON message_deliveries (run_id, node_id)`);
    await q.query(`
      CREATE TABLE message_waits (
        run_id text NOT NULL,
        node_id text NOT NULL,
        name text NOT NULL,
        correlation_keys jsonb NOT NULL,
        until timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, node_id)
      )`);
    await q.query(`CREATE INDEX message_waits_name_idx ON message_waits (name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE message_waits`);
    await q.query(`DROP TABLE message_deliveries`);
    await q.query(`DROP TABLE correlated_messages`);
  }
}
