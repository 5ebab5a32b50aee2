import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A counter row for the API keys, bumped by a statement trigger whenever a key is made, revoked,
 * re-scoped or deleted (not when its last use is stamped). API processes keep the keys they have
 * checked in memory under this revision and read it with the catalog's on every request
 * (readRevisions), so a key revoked through one process is refused by every other at once.
 */
export class ApiKeyRevision1796990000000 implements MigrationInterface {
  name = 'ApiKeyRevision1796990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE api_key_revision (id smallint PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)`);
    await q.query(`INSERT INTO api_key_revision (id, revision) VALUES (1, 1)`);
    await q.query(`
      CREATE FUNCTION api_key_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE api_key_revision SET revision = revision + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER api_keys_revision AFTER INSERT OR DELETE OR TRUNCATE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION api_key_revision_bump()`);
    // Every column a key's check reads; last_used_at (stamped once a minute per key in use) is not one.
    await q.query(`CREATE TRIGGER api_keys_revision_update AFTER UPDATE OF id, hash, role, providers, revoked_at ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION api_key_revision_bump()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS api_keys_revision_update ON api_keys`);
    await q.query(`DROP TRIGGER IF EXISTS api_keys_revision ON api_keys`);
    await q.query(`DROP FUNCTION IF EXISTS api_key_revision_bump()`);
    await q.query(`DROP TABLE IF EXISTS api_key_revision`);
  }
}
