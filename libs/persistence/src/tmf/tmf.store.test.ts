import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { TmfStore } from './tmf.store';

describe('TmfStore', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: TmfStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 4 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new TmfStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const order = async () =>
    store.createOrder({ id: randomUUID(), request: { externalId: 'X-1', serviceOrderItem: [{ id: '1' }] }, items: { '1': { state: 'acknowledged' } }, createdBy: 'test' });

  it('keeps the start and completion dates of the first time the order got there', async () => {
    const { id } = await order();
    const started = await store.applyProgress({ orderId: id, state: 'inProgress', items: { '1': { state: 'inProgress', runId: 'run:A:1' } } });
    expect(started?.startDate).not.toBeNull();
    expect(started?.completionDate).toBeNull();
    const done = await store.applyProgress({ orderId: id, state: 'completed', items: { '1': { state: 'completed', runId: 'run:A:1' } } });
    expect(done?.startDate).toBe(started?.startDate);
    expect(done?.completionDate).not.toBeNull();
    const date = new Date().toISOString();
    expect(await store.requestCancellation(id, { id: randomUUID(), date })).toBe('final');
    expect(await store.requestCancellation(randomUUID(), { id: randomUUID(), date })).toBe('missing');
  });

  it('keeps one cancel request per open order and finds it by its own id', async () => {
    const { id } = await order();
    const cancelId = randomUUID();
    const first = await store.requestCancellation(id, { id: cancelId, date: new Date().toISOString(), cancellationReason: 'moved house' });
    expect(first).toMatchObject({ order: { id, cancellation: { id: cancelId, cancellationReason: 'moved house' } } });
    expect(await store.requestCancellation(id, { id: randomUUID(), date: new Date().toISOString() })).toBe('cancelling');
    expect((await store.getCancellation(cancelId))?.id).toBe(id);
    expect(await store.getCancellation(randomUUID())).toBeUndefined();
    const { rows, total } = await store.listCancellations({ offset: 0, limit: 100 });
    expect(rows.map((r) => r.cancellation.id)).toContain(cancelId);
    expect(total).toBe(rows.length);
  });

  it('counts each attempt of a delivery once, on one row per listener and event', async () => {
    const { id: orderId } = await order();
    const subscriptionId = randomUUID();
    const event = { eventId: `${orderId}:1`, eventType: 'ServiceOrderCreateEvent' as const, orderId, body: { eventId: `${orderId}:1` } };
    await store.recordDelivery(subscriptionId, event, { status: 'pending', httpStatus: 503, error: 'the listener answered 503', attempted: true });
    await store.recordDelivery(subscriptionId, event, { status: 'pending', error: 'unreachable', attempted: true });
    await store.recordDelivery(subscriptionId, event, { status: 'dead', error: 'gave up', attempted: false });
    const [row] = await store.deliveries({ subscriptionId, limit: 10 });
    expect(row).toMatchObject({ status: 'dead', attempts: 2, lastStatus: 503, lastError: 'gave up' });
    expect((await store.deadLetter(row.id))?.body).toEqual(event.body);
    expect(await store.deliveries({ subscriptionId, status: 'delivered', limit: 10 })).toEqual([]);
  });
});
