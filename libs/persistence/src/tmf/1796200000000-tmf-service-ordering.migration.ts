import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TmfServiceOrdering1796200000000 implements MigrationInterface {
  name = 'TmfServiceOrdering1796200000000';

  async up(q: QueryRunner): Promise<void> {
    // The integration role (upstream systems on TMF641) joins the roles an API key may have.
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('viewer','analyst','admin','operator','agent','integration'))`);
    // Catalog entry: service specification → event codes per item action (same columns as every catalog table).
    await q.query(`
      CREATE TABLE tmf_service_spec_mappings (
        code text PRIMARY KEY,
        definition jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_by text NOT NULL
      )`);
    // A TMF641 order as received (request), with the state its orchestration workflow last wrote.
    await q.query(`
      CREATE TABLE tmf_service_orders (
        id uuid PRIMARY KEY,
        request jsonb NOT NULL,
        state text NOT NULL,
        items jsonb NOT NULL,
        order_date timestamptz NOT NULL DEFAULT now(),
        start_date timestamptz,
        completion_date timestamptz,
        cancellation jsonb,
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tmf_service_orders_date_idx ON tmf_service_orders (order_date DESC, id)`);
    // Hub listeners; the signing secret is sealed with SIGNALBOX_SECRET_KEY.
    await q.query(`
      CREATE TABLE tmf_hub_subscriptions (
        id uuid PRIMARY KEY,
        callback text NOT NULL,
        query text,
        secret text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The delivery log: one row per (listener, event), its attempts and outcome; 'dead' rows are the dead-letter list.
    await q.query(`
      CREATE TABLE tmf_hub_deliveries (
        id bigserial PRIMARY KEY,
        subscription_id uuid NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        order_id uuid NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'dropped')),
        attempts integer NOT NULL DEFAULT 0,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      )`);
    await q.query(`CREATE INDEX tmf_hub_deliveries_status_idx ON tmf_hub_deliveries (status, updated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tmf_hub_deliveries`);
    await q.query(`DROP TABLE tmf_hub_subscriptions`);
    await q.query(`DROP TABLE tmf_service_orders`);
    await q.query(`DROP TABLE tmf_service_spec_mappings`);
    await q.query(`UPDATE api_keys SET role = 'viewer', revoked_at = COALESCE(revoked_at, now()) WHERE role = 'integration'`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('viewer','analyst','admin','operator','agent'))`);
  }
}
