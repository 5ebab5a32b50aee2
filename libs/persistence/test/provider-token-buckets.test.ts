import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@signalbox/tools/infra';
import type { DataSource } from 'typeorm';
import { createDataSource, ProviderTokenBuckets, TokenBuckets } from '../src';
import { undoMigrationsThrough } from './undo-migrations';

describe('provider token buckets', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let buckets: ProviderTokenBuckets;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 8, migrationsRun: true });
    await ds.initialize();
    buckets = new ProviderTokenBuckets(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('gives concurrent takers no more than the burst, then says when the next token is due', async () => {
    // A rate so low that no token refills during the test, however slow the machine.
    const takes = await Promise.all(Array.from({ length: 12 }, () => buckets.take('hss-concurrent', 0.001, 3)));
    expect(takes.filter((t) => t.taken)).toHaveLength(3);
    const refused = takes.find((t) => !t.taken);
    expect(refused).toMatchObject({ taken: false });
    // One token at 0.001/s takes up to 1000 s.
    expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(900_000);
  });

  it('keeps providers apart and refills at the rate', async () => {
    expect(await buckets.take('hss-a', 1_000, 1)).toEqual({ taken: true });
    expect(await buckets.take('hss-b', 1_000, 1)).toEqual({ taken: true });
    // At 1000 tokens/s a second token for hss-a is due within milliseconds.
    let next = await buckets.take('hss-a', 1_000, 1);
    for (let i = 0; i < 200 && !next.taken; i++) next = await buckets.take('hss-a', 1_000, 1);
    expect(next).toEqual({ taken: true });
  });
});

describe('the shared token buckets migration', () => {
  let db: { url: string; drop(): Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 1, migrationsRun: true });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps providers\' buckets (as provider:<code>) and, undone, drops only the other buckets', async () => {
    await undoMigrationsThrough(ds, 'SharedTokenBuckets1796100000000');
    await ds.query(`INSERT INTO provider_token_buckets (provider_code, tokens, refilled_at) VALUES ('hss-main', 2.5, now())`);
    await ds.runMigrations();
    expect(await ds.query(`SELECT bucket, tokens FROM token_buckets`)).toEqual([{ bucket: 'provider:hss-main', tokens: 2.5 }]);
    await new TokenBuckets(ds).take('api-key:k1', 1, 5);

    await undoMigrationsThrough(ds, 'SharedTokenBuckets1796100000000');
    expect(await ds.query(`SELECT provider_code, tokens FROM provider_token_buckets`)).toEqual([{ provider_code: 'hss-main', tokens: 2.5 }]);
    await ds.runMigrations();
    expect(await new ProviderTokenBuckets(ds).take('hss-main', 0.001, 3)).toEqual({ taken: true });
    expect(await ds.query(`SELECT bucket, round(tokens::numeric, 1)::float8 AS tokens FROM token_buckets`)).toEqual([{ bucket: 'provider:hss-main', tokens: 1.5 }]);
  });
});
