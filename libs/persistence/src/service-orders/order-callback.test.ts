import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DEFAULT_TRANSITIONS } from '@signalbox/domain';
import { createTestDatabase, type TestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { receiveCallback } from './order-callback';
import { ServiceOrderStore } from './service-order.store';

let db: TestDatabase;
let dataSource: DataSource;
let store: ServiceOrderStore;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource({ url: db.url, migrationsRun: true });
  await dataSource.initialize();
  store = new ServiceOrderStore(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

const queuedOrder = (runWorkflowId?: string) =>
  store.create({ id: randomUUID(), serviceKey: 'svc-cb', providerCode: 'ca-platform', serviceType: '/service/tv/ott', action: 'A', mode: 'queued', fields: {}, subject: { serviceId: 'svc-cb' }, ...(runWorkflowId ? { runWorkflowId } : {}) });

describe('receiveCallback', () => {
  it('delivers a recorded answer again on every repeat while the order is open, and never once it is settled', async () => {
    const order = await queuedOrder('run:OTT:k1');
    const answer = { serviceOrderId: order.id, status: 'COMPLETED' as const, message: 'enabled', state: { ott: 'gold' } };
    const delivery = { runWorkflowId: 'run:OTT:k1', response: { serviceOrderId: order.id, status: 'COMPLETED', message: 'enabled', payload: { ott: 'gold' } } };
    expect(await receiveCallback(store, order.id, answer)).toMatchObject({ kind: 'recorded', delivery });
    // Temporal refused the signal: the agent posts the same answer again.
    expect(await receiveCallback(store, order.id, answer)).toMatchObject({ kind: 'redelivery', delivery });
    for (const to of ['READY', 'PROCESSING', 'COMPLETED'] as const) await store.transition(order.id, to, { transitions: DEFAULT_TRANSITIONS });
    const settled = await receiveCallback(store, order.id, answer);
    expect(settled.kind).toBe('duplicate');
    expect(settled).not.toHaveProperty('delivery');
    expect((await receiveCallback(store, order.id, { ...answer, status: 'FAILED' })).kind).toBe('closed');
    expect((await store.get(order.id))?.exchanges.filter((e) => e.direction === 'callback')).toHaveLength(1);
  });

  it('records an answer to an order without a run and has nothing to deliver', async () => {
    const order = await queuedOrder();
    const receipt = await receiveCallback(store, order.id, { serviceOrderId: order.id, status: 'FAILED', message: 'no such package' });
    expect(receipt.kind).toBe('recorded');
    expect(receipt).not.toHaveProperty('delivery');
  });
});
