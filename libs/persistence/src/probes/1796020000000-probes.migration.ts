import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Probes1796020000000 implements MigrationInterface {
  name = 'Probes1796020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE probes (
        code text PRIMARY KEY,
        definition jsonb NOT NULL,
        state text NOT NULL DEFAULT 'unknown' CHECK (state IN ('unknown', 'ok', 'tripped')),
        value double precision,
        samples integer,
        error text,
        changed_at timestamptz,
        evaluated_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The probes read settled orders and stuck ones by time; the existing index is by provider and state only.
    await q.query(`CREATE INDEX service_orders_closed_at_idx ON service_orders (closed_at) WHERE closed_at IS NOT NULL`);
    await q.query(`CREATE INDEX service_orders_state_updated_idx ON service_orders (state, updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS service_orders_state_updated_idx`);
    await q.query(`DROP INDEX IF EXISTS service_orders_closed_at_idx`);
    await q.query(`DROP TABLE probes`);
  }
}
