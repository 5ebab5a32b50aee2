import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import { StaleOrdersProbe } from '@signalbox/contracts';
import { createDataSource } from '../data-source';
import { ProbeStore } from './probe.store';

const definition = StaleOrdersProbe.parse({ kind: 'stale-orders', olderThanMinutes: 10 });

describe('ProbeStore', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: ProbeStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 8 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new ProbeStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('creates, replaces and deletes definitions; a changed definition starts again from unknown', async () => {
    expect((await store.put('p-crud', definition)).created).toBe(true);
    await store.record('p-crud', { value: 3, tripped: true });
    const same = await store.put('p-crud', definition);
    expect(same).toMatchObject({ created: false, status: { state: 'tripped', value: 3 } });
    const changed = await store.put('p-crud', { ...definition, olderThanMinutes: 20 });
    expect(changed.status).toMatchObject({ state: 'unknown', definition: { olderThanMinutes: 20 } });
    expect(await store.delete('p-crud')).toBe(true);
    expect(await store.delete('p-crud')).toBe(false);
    expect(await store.get('p-crud')).toBeUndefined();
  });

  it('reports each state change to exactly one of many concurrent evaluations', async () => {
    await store.put('p-race', definition);
    const trips = await Promise.all(Array.from({ length: 8 }, () => store.record('p-race', { value: 5, tripped: true })));
    expect(trips.filter(Boolean)).toEqual([{ code: 'p-race', from: 'unknown', to: 'tripped' }]);
    const clears = await Promise.all(Array.from({ length: 8 }, () => store.record('p-race', { value: 0, tripped: false })));
    expect(clears.filter(Boolean)).toEqual([{ code: 'p-race', from: 'tripped', to: 'ok' }]);
    const status = await store.get('p-race');
    expect(status).toMatchObject({ state: 'ok', value: 0, error: null });
    expect(status?.changedAt).not.toBeNull();
  });

  it('keeps the state when an evaluation fails, and says why', async () => {
    await store.put('p-error', definition);
    await store.record('p-error', { value: 2, tripped: true });
    await store.recordError('p-error', 'relation "batch_executions" does not exist');
    expect(await store.get('p-error')).toMatchObject({ state: 'tripped', error: 'relation "batch_executions" does not exist' });
  });
});
