import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table a cached catalog answer or intake's routing reads. */
export const CATALOG_REVISION_TABLES = ['event_types', 'event_codes', 'inbound_events', 'providers', 'service_types', 'action_codes', 'templates', 'workflow_drafts', 'workflow_versions'];

/**
 * One counter row, bumped by a statement trigger on every catalog table in the writing
 * transaction itself: whatever writes the catalog (the API's services, the import, a migration,
 * psql), the revision moves when and only when the write commits. API processes cache catalog
 * answers by revision and read this one row per request, so no process serves an answer older
 * than the last committed write.
 */
export class CatalogRevision1796960000000 implements MigrationInterface {
  name = 'CatalogRevision1796960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog_revision (id smallint PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)`);
    await q.query(`INSERT INTO catalog_revision (id, revision) VALUES (1, 1)`);
    await q.query(`
      CREATE FUNCTION catalog_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of CATALOG_REVISION_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION catalog_revision_bump()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...CATALOG_REVISION_TABLES].reverse()) await q.query(`DROP TRIGGER IF EXISTS ${table}_revision ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS catalog_revision_bump()`);
    await q.query(`DROP TABLE IF EXISTS catalog_revision`);
  }
}
