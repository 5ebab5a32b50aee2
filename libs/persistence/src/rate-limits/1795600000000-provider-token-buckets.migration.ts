import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderTokenBuckets1795600000000 implements MigrationInterface {
  name = 'ProviderTokenBuckets1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_token_buckets (
        provider_code text PRIMARY KEY,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_token_buckets`);
  }
}
