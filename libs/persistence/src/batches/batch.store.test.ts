import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { BatchStore } from './batch.store';

describe('BatchStore', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: BatchStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 6 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new BatchStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ line: i + 2, subject: { msisdn: `4477009${String(i).padStart(5, '0')}` }, data: { n: String(i) } }));

  it('stores a CSV batch and pages through its subjects by line, the same page on a repeat', async () => {
    await dataSource.transaction((em) => store.create({ code: 'pages', eventCode: 'TOP_UP', source: { kind: 'csv', lines: 1203, skipped: 0 }, schedule: { kind: 'once' }, paging: { pageSize: 200, startsPerSecond: 50 } }, lines(1203), em));
    const seen: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await store.csvPage('pages', cursor, 500);
      expect(await store.csvPage('pages', cursor, 500)).toEqual(page);
      seen.push(...page.items.map((i) => i.key));
      if (!page.next) break;
      cursor = Number(page.next);
    }
    expect(seen).toHaveLength(1203);
    expect(seen[0]).toBe('2');
    expect(new Set(seen).size).toBe(1203);
  });

  it('opens one execution per workflow id and counts each page once, however often it is repeated', async () => {
    await dataSource.transaction((em) => store.create({ code: 'counts', eventCode: 'TOP_UP', source: { kind: 'csv', lines: 3, skipped: 0 }, schedule: { kind: 'once' }, paging: { pageSize: 200, startsPerSecond: 50 } }, lines(3), em));
    const first = await store.openExecution({ workflowId: 'batch:counts-1', batchCode: 'counts', eventCode: 'TOP_UP', scheduledAt: '2026-11-30T02:00:00.000Z' });
    const again = await store.openExecution({ workflowId: 'batch:counts-1', batchCode: 'counts', eventCode: 'TOP_UP' });
    expect(again.id).toBe(first.id);
    expect(again.scheduledAt).toBe('2026-11-30T02:00:00.000Z');

    const repeats = await Promise.all(Array.from({ length: 5 }, () => store.recordPage(first.id, null, '201', { subjects: 200, started: 200, duplicates: 0 })));
    expect(repeats.filter(Boolean)).toHaveLength(1);
    expect(await store.recordPage(first.id, '201', 'end', { subjects: 3, started: 3, duplicates: 1 })).toBe(true);
    expect(await store.recordPage(first.id, '201', 'end', { subjects: 3, started: 3, duplicates: 1 })).toBe(false);
    await store.finishExecution(first.id, 'done');
    await store.finishExecution(first.id, 'failed', 'late retry');
    expect(await store.execution(first.id)).toMatchObject({ status: 'done', subjects: 203, started: 203, duplicates: 1, error: null });
    expect((await store.executions('counts', 10)).map((e) => e.id)).toEqual([first.id]);
  });

  it('deleting a definition removes its subjects and keeps its run log', async () => {
    await dataSource.transaction((em) => store.create({ code: 'gone', eventCode: 'TOP_UP', source: { kind: 'csv', lines: 2, skipped: 0 }, schedule: { kind: 'once' }, paging: { pageSize: 200, startsPerSecond: 50 } }, lines(2), em));
    await store.openExecution({ workflowId: 'batch:gone-1', batchCode: 'gone', eventCode: 'TOP_UP' });
    expect(await dataSource.transaction((em) => store.delete('gone', em))).toBe(true);
    expect(await store.get('gone')).toBeUndefined();
    expect((await store.csvPage('gone', 0, 10)).items).toEqual([]);
    expect(await store.executions('gone', 10)).toHaveLength(1);
  });
});
