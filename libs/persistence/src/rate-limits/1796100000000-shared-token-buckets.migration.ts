import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The providers' token buckets become the one table of token buckets, keyed by a named bucket:
 * `provider:<code>` for a provider's send rate, `api-key:<id>` for an API key's calls to expensive
 * routes, so that limit holds across API processes as the provider limit does across workers.
 */
export class SharedTokenBuckets1796100000000 implements MigrationInterface {
  name = 'SharedTokenBuckets1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE provider_token_buckets RENAME TO token_buckets`);
    await q.query(`ALTER TABLE token_buckets RENAME COLUMN provider_code TO bucket`);
    await q.query(`ALTER INDEX provider_token_buckets_pkey RENAME TO token_buckets_pkey`);
    await q.query(`UPDATE token_buckets SET bucket = 'provider:' || bucket`);
  }

  async down(q: QueryRunner): Promise<void> {
    // API keys' buckets had no table before: they are dropped (they refill within a minute anyway).
    await q.query(`DELETE FROM token_buckets WHERE bucket NOT LIKE 'provider:%'`);
    await q.query(`UPDATE token_buckets SET bucket = substr(bucket, length('provider:') + 1)`);
    await q.query(`ALTER INDEX token_buckets_pkey RENAME TO provider_token_buckets_pkey`);
    await q.query(`ALTER TABLE token_buckets RENAME COLUMN bucket TO provider_code`);
    await q.query(`ALTER TABLE token_buckets RENAME TO provider_token_buckets`);
  }
}
