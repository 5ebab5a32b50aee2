import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '@signalbox/tools/infra';
import type { DataSource } from 'typeorm';
import type { Provider } from '@signalbox/domain';
import { createDataSource, ProviderEntity } from '../src';
import { undoMigrationsThrough } from './undo-migrations';

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

it('keeps stored providers sending in parallel: a stored `sync` (never read before) becomes `async`', async () => {
  const base = { protocol: 'http', endpoints: ['http://localhost:4300/x'], auth: { type: 'none' }, requestTimeoutMs: 10_000, allowInFlightChanges: false, state: 'effective' } satisfies Partial<Provider>;
  // Rows as the catalog held them before the migration.
  await undoMigrationsThrough(ds, 'ProviderModeAsync1795600000001');
  await ds.getRepository(ProviderEntity).insert([
    { code: 'old-sync', definition: { code: 'old-sync', name: 'Old', mode: 'sync', ...base }, createdBy: 't', updatedBy: 't' },
    { code: 'old-async', definition: { code: 'old-async', name: 'Old', mode: 'async', ...base }, createdBy: 't', updatedBy: 't' },
  ]);
  await ds.runMigrations();
  const rows = await ds.getRepository(ProviderEntity).find({ order: { code: 'ASC' } });
  expect(rows.map((r) => [r.code, (r.definition as { mode: string }).mode])).toEqual([
    ['old-async', 'async'],
    ['old-sync', 'async'],
  ]);
});
