import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agent keys are scoped to the providers whose orders they may answer. Agent keys made before
 * scopes existed get none (they answer nothing until replaced by a scoped key): widening them to
 * every provider would keep the hole this closes.
 */
export class ApiKeyProviders1796015000000 implements MigrationInterface {
  name = 'ApiKeyProviders1796015000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN providers text[]`);
    await q.query(`UPDATE api_keys SET providers = '{}' WHERE role = 'agent'`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_agent_providers CHECK ((role = 'agent') = (providers IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_agent_providers`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS providers`);
  }
}
