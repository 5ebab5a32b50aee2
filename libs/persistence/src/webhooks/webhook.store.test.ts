import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DEFAULT_TRANSITIONS } from '@signalbox/domain';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { ServiceOrderStore } from '../service-orders/service-order.store';
import { WebhookStore, type WebhookOutboxEntry } from './webhook.store';

describe('the webhook outbox', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let orders: ServiceOrderStore;
  let webhooks: WebhookStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    await dataSource.runMigrations();
    orders = new ServiceOrderStore(dataSource);
    webhooks = new WebhookStore(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const drain = async () => {
    const handed: WebhookOutboxEntry[] = [];
    await webhooks.dispatch(100, async (entries) => void handed.push(...entries));
    return handed;
  };

  it('gets an order’s transition in the same transaction, and nothing for a refused one', async () => {
    await drain();
    const order = await orders.create({ serviceKey: 'svc-hook', providerCode: 'hss-main', serviceType: '/service/telco/gsm', action: 'A', mode: 'confirmed', fields: {}, subject: { msisdn: '447700900555' }, runWorkflowId: 'run:LINE_ACTIVATE:k9' });
    await orders.transition(order.id, 'READY', { transitions: DEFAULT_TRANSITIONS });
    await orders.transition(order.id, 'READY', { transitions: DEFAULT_TRANSITIONS }); // no change: no event
    expect((await orders.transition(order.id, 'COMPLETED', { transitions: DEFAULT_TRANSITIONS, from: 'NEW' })).applied).toBe(false);
    const handed = await drain();
    expect(handed).toEqual([
      expect.objectContaining({ eventType: 'serviceOrder.stateChanged', subjectId: order.id, eventCode: 'LINE_ACTIVATE', providers: ['hss-main'], state: 'READY' }),
    ]);
    expect(handed[0].body).toMatchObject({ eventId: handed[0].eventId, serviceOrder: { id: order.id, state: 'READY', previousState: 'NEW', runId: 'run:LINE_ACTIVATE:k9' } });
  });

  it('hands rows on in the order they were written, once, and again after a failed hand-over', async () => {
    await drain();
    const entry = (n: number): WebhookOutboxEntry => ({ eventId: `run-x:state:${n}`, eventType: 'run.stateChanged', subjectId: 'run:X:1', eventCode: 'X', providers: [], state: 'Running', body: { n } });
    for (const n of [1, 2, 3]) await webhooks.append(entry(n));
    await webhooks.append(entry(2)); // a retried write: nothing new
    await expect(webhooks.dispatch(100, async () => Promise.reject(new Error('Temporal is down')))).rejects.toThrow('Temporal is down');
    expect((await drain()).map((e) => e.eventId)).toEqual(['run-x:state:1', 'run-x:state:2', 'run-x:state:3']);
    expect(await drain()).toEqual([]);
  });
});
