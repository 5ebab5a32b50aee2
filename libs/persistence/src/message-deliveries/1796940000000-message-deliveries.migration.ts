import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-message delivery status: one row for every message a run's communication step sends (the
 * message id is the step's, stable across retries), moved along by the step and by the gateway's
 * delivery reports. `message_deliveries` is taken by correlated messages (runs that received a
 * business message), hence `outbound_messages`. The recipient is stored masked.
 */
export class MessageDeliveries1796940000000 implements MigrationInterface {
  name = 'MessageDeliveries1796940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbound_messages (
        message_id text PRIMARY KEY,
        run_id text NOT NULL,
        node_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'email', 'push', 'letter')),
        provider_code text,
        recipient text NOT NULL,
        template_code text NOT NULL,
        locale text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'undeliverable')),
        provider_answer jsonb,
        attempts integer NOT NULL DEFAULT 1,
        test boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        reported_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbound_messages_run_idx ON outbound_messages (run_id, created_at)`);
    await q.query(`CREATE INDEX outbound_messages_status_idx ON outbound_messages (status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbound_messages`);
  }
}
