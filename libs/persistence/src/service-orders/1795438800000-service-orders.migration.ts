import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceOrders1795438800000 implements MigrationInterface {
  name = 'ServiceOrders1795438800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_orders (
        id uuid PRIMARY KEY,
        service_key text NOT NULL,
        provider_code text NOT NULL,
        service_type text NOT NULL,
        action char(1) NOT NULL CHECK (action IN ('A','C','D','I','P','R','S')),
        priority text NOT NULL CHECK (priority IN ('normal','express')),
        mode text NOT NULL CHECK (mode IN ('queued','confirmed')),
        state text NOT NULL,
        fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        subject jsonb NOT NULL DEFAULT '{}'::jsonb,
        run_workflow_id text,
        node_id text,
        is_test boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX service_orders_service_key_idx ON service_orders (service_key, created_at)`);
    await q.query(`CREATE INDEX service_orders_provider_state_idx ON service_orders (provider_code, state)`);
    await q.query(`CREATE INDEX service_orders_run_idx ON service_orders (run_workflow_id)`);
    await q.query(`
      CREATE TABLE service_order_exchanges (
        order_id uuid NOT NULL REFERENCES service_orders (id) ON DELETE CASCADE,
        seq int NOT NULL,
        direction text NOT NULL CHECK (direction IN ('request','response','callback','state-change')),
        at timestamptz NOT NULL,
        payload jsonb,
        http_status int,
        latency_ms int,
        note text,
        PRIMARY KEY (order_id, seq)
      )`);
    await q.query(`
      CREATE TABLE provisioning_status (
        provider_code text NOT NULL,
        subject_key text NOT NULL,
        state jsonb NOT NULL,
        order_id uuid,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (provider_code, subject_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS provisioning_status`);
    await q.query(`DROP TABLE IF EXISTS service_order_exchanges`);
    await q.query(`DROP TABLE IF EXISTS service_orders`);
  }
}
