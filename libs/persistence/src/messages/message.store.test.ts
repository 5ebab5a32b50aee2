import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { MessageStore } from './message.store';

describe('MessageStore', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: MessageStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 8 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new MessageStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const unique = () => `m${randomUUID().slice(0, 8)}`;

  it('buffers a message sent before any run waits and hands it to the first matching wait only', async () => {
    const name = unique();
    const { message, waiting } = await store.publish({ name, correlationKeys: { msisdn: '447700900001', accountId: 'A1' }, payload: { ok: 1 }, ttlSeconds: 60 });
    expect(waiting).toEqual([]);
    // Another key value does not match; a wait by a subset of the message's keys does.
    expect(await store.claim({ runId: 'r0', nodeId: 'w', name, correlationKeys: { msisdn: '447700900002' } })).toBeUndefined();
    const taken = await store.claim({ runId: 'r1', nodeId: 'w', name, correlationKeys: { msisdn: '447700900001' } });
    expect(taken).toMatchObject({ id: message.id, payload: { ok: 1 } });
    expect(await store.claim({ runId: 'r2', nodeId: 'w', name, correlationKeys: { msisdn: '447700900001' } })).toBeUndefined();
    // A retried claim of the same node (its answer lost) finds the message it took, unless the run saw it.
    expect((await store.claim({ runId: 'r1', nodeId: 'w', name, correlationKeys: { msisdn: '447700900001' } }))?.id).toBe(message.id);
    expect(await store.claim({ runId: 'r1', nodeId: 'w', name, correlationKeys: { msisdn: '447700900001' } }, [message.id])).toBeUndefined();
    expect(await store.get(message.id)).toMatchObject({ status: 'delivered', deliveries: [{ runId: 'r1', via: 'buffer' }] });
  });

  it('answers the registered waits that match, and reports a message nobody took as expired', async () => {
    const name = unique();
    await store.claim({ runId: 'ra', nodeId: 'w', name, correlationKeys: { msisdn: '447700900011' } });
    await store.claim({ runId: 'rb', nodeId: 'w', name, correlationKeys: { msisdn: '447700900011', serviceId: 'S9' } });
    await store.claim({ runId: 'rc', nodeId: 'w', name, correlationKeys: { msisdn: '447700900012' } });
    const sent = await store.publish({ name, correlationKeys: { msisdn: '447700900011' }, payload: {}, ttlSeconds: 60 });
    expect(sent.waiting).toEqual(['ra']);
    await store.recordDeliveries(sent.message.id, name, ['ra']);
    expect((await store.get(sent.message.id))?.status).toBe('delivered');
    expect((await store.publish({ name, correlationKeys: { msisdn: '447700900011' }, payload: {}, ttlSeconds: 60 })).waiting).toEqual([]);

    const stale = await store.publish({ name, correlationKeys: { msisdn: '447700900099' }, payload: {}, ttlSeconds: 0 });
    expect((await store.get(stale.message.id))?.status).toBe('expired');
    expect(await store.claim({ runId: 'rd', nodeId: 'w', name, correlationKeys: { msisdn: '447700900099' } })).toBeUndefined();
    const expired = await store.list({ status: 'expired', name, page: 1, pageSize: 10 });
    expect(expired.items.map((m) => m.id)).toEqual([stale.message.id]);
  });

  it('never lets a message and a wait that race miss each other', async () => {
    // Many rounds of "run starts waiting" against "message sent", concurrently: in each, either the
    // claim takes the message or the sender finds the wait.
    const rounds = 30;
    const outcomes = await Promise.all(
      Array.from({ length: rounds }, async (_, i) => {
        const name = unique();
        const keys = { msisdn: `4477009${String(i).padStart(5, '0')}` };
        const [claimed, sent] = await Promise.all([
          store.claim({ runId: `race-${i}`, nodeId: 'w', name, correlationKeys: keys }),
          store.publish({ name, correlationKeys: keys, payload: {}, ttlSeconds: 60 }),
        ]);
        return claimed !== undefined || sent.waiting.includes(`race-${i}`);
      }),
    );
    expect(outcomes.filter((found) => !found)).toHaveLength(0);
  });
});
