import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signalbox-native webhooks: subscriptions, the outbox that runs and service orders write their
 * state changes to (in the same transaction as the change, for orders), and the delivery log.
 */
export class Webhooks1796900000000 implements MigrationInterface {
  name = 'Webhooks1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        description text,
        filter jsonb NOT NULL DEFAULT '{}',
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Written by the change itself; the worker's dispatcher hands each row to the subscriptions it selects, in id order.
    await q.query(`
      CREATE TABLE webhook_outbox (
        id bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        event_type text NOT NULL,
        subject_id text NOT NULL,
        event_code text,
        providers text[] NOT NULL DEFAULT '{}',
        state text NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_outbox_undispatched_idx ON webhook_outbox (id) WHERE dispatched_at IS NULL`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        subject_id text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'dropped')),
        attempts integer NOT NULL DEFAULT 0,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, status, updated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_outbox`);
    await q.query(`DROP TABLE webhook_subscriptions`);
  }
}
