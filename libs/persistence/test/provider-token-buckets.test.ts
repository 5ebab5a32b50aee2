import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@signalbox/tools/infra';
import type { DataSource } from 'typeorm';
import { createDataSource, ProviderTokenBuckets } from '../src';

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
