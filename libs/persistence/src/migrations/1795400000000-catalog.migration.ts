import type { MigrationInterface, QueryRunner } from 'typeorm';

const CATALOG_TABLES = ['event_types', 'event_codes', 'inbound_events', 'providers', 'service_types', 'action_codes', 'templates'];

export class Catalog1795400000000 implements MigrationInterface {
  name = 'Catalog1795400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of CATALOG_TABLES) {
      await q.query(`
        CREATE TABLE ${table} (
          code text PRIMARY KEY,
          definition jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now(),
          created_by text NOT NULL,
          updated_by text NOT NULL
        )`);
    }
    await q.query(`ALTER TABLE providers ADD COLUMN secrets text`);
    await q.query(`
      CREATE TABLE workflow_drafts (
        event_code text PRIMARY KEY,
        graph jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE workflow_versions (
        event_code text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        graph jsonb NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text,
        note text,
        PRIMARY KEY (event_code, version)
      )`);
    // Published versions are immutable whatever the caller: the database refuses the update.
    await q.query(`
      CREATE FUNCTION workflow_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published workflow versions are immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER workflow_versions_no_update BEFORE UPDATE ON workflow_versions
      FOR EACH ROW EXECUTE FUNCTION workflow_versions_immutable()`);
    await q.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer','analyst','admin','operator','agent')),
        hash text NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity_kind text NOT NULL,
        code text,
        details jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_kind, code, at)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP TABLE IF EXISTS api_keys`);
    await q.query(`DROP TRIGGER IF EXISTS workflow_versions_no_update ON workflow_versions`);
    await q.query(`DROP FUNCTION IF EXISTS workflow_versions_immutable()`);
    await q.query(`DROP TABLE IF EXISTS workflow_versions`);
    await q.query(`DROP TABLE IF EXISTS workflow_drafts`);
    for (const table of [...CATALOG_TABLES].reverse()) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
