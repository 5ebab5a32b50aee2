import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DEFAULT_TRANSITIONS, type Transition } from '@signalbox/domain';
import { createDataSource, ServiceOrderStore } from '@signalbox/persistence';
import { createTestDatabase, type TestDatabase } from '@signalbox/tools/infra';
import { concludeServiceOrder, type ConcludeOrderRequest } from './order-conclusion';
import { orderFlow } from './order-flow';

let db: TestDatabase;
let dataSource: DataSource;
let store: ServiceOrderStore;
let conclude: ReturnType<typeof concludeServiceOrder>;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource({ url: db.url, migrationsRun: true });
  await dataSource.initialize();
  store = new ServiceOrderStore(dataSource);
  const flow = orderFlow({ orders: store, providers: { load: async () => undefined } });
  conclude = concludeServiceOrder(store, flow.settle);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

async function processingOrder(transitions: readonly Transition[] = DEFAULT_TRANSITIONS): Promise<ConcludeOrderRequest> {
  const serviceKey = `svc-${randomUUID().slice(0, 8)}`;
  const order = await store.create({ id: randomUUID(), serviceKey, providerCode: 'ca-platform', serviceType: '/service/tv/ott', action: 'A', mode: 'queued', fields: {}, subject: { serviceId: serviceKey } });
  for (const to of ['READY', 'PROCESSING'] as const) await store.transition(order.id, to, { transitions });
  return { serviceOrderId: order.id, transitions, providerCode: 'ca-platform', subjectKey: serviceKey };
}

describe('concludeServiceOrder', () => {
  it('reports an order that was never created as absent', async () => {
    expect(await conclude({ serviceOrderId: randomUUID(), transitions: DEFAULT_TRANSITIONS, providerCode: 'x', subjectKey: 'y', failWith: 'no answer' })).toEqual({ kind: 'absent' });
  });

  it('applies an answer the API recorded but the run never received', async () => {
    const req = await processingOrder();
    await store.recordCallback(req.serviceOrderId, { serviceOrderId: req.serviceOrderId, status: 'COMPLETED', message: 'enabled', state: { ott: 'gold' } });
    const concluded = await conclude({ ...req, failWith: 'no response within 1h' });
    expect(concluded).toEqual({
      kind: 'answered',
      verdict: { status: 'COMPLETED', message: 'enabled', state: { ott: 'gold' } },
      output: { serviceOrderId: req.serviceOrderId, status: 'COMPLETED', message: 'enabled', state: { ott: 'gold' } },
    });
    expect((await store.get(req.serviceOrderId))?.state).toBe('COMPLETED');
    expect((await store.getProvisioningStatus('ca-platform', req.subjectKey))?.state).toEqual({ ott: 'gold' });
  });

  it('reads a settled order without moving it again', async () => {
    const req = await processingOrder();
    await store.transition(req.serviceOrderId, 'COMPLETED', { transitions: req.transitions, note: 'done', payload: { gprs: 'on' } });
    expect(await conclude({ ...req, failWith: 'no answer within 3s' })).toMatchObject({ kind: 'answered', verdict: { status: 'COMPLETED', message: 'done', state: { gprs: 'on' } } });
    const order = await store.get(req.serviceOrderId);
    expect(order?.state).toBe('COMPLETED');
    expect(order?.exchanges.filter((e) => e.note?.startsWith('refused:'))).toEqual([]);
  });

  it('only reads when asked to (a recheck), and fails an unanswered order at the end, marked as unanswered', async () => {
    const req = await processingOrder();
    expect(await conclude(req)).toEqual({ kind: 'unanswered', state: 'PROCESSING' });
    expect((await store.get(req.serviceOrderId))?.state).toBe('PROCESSING');
    expect(await conclude({ ...req, failWith: 'no response within 1h' })).toEqual({ kind: 'unanswered', state: 'FAILED' });
    // Read again (a retried activity), the engine's own FAILED is still no answer from the provider.
    expect(await conclude({ ...req, failWith: 'no response within 1h' })).toEqual({ kind: 'unanswered', state: 'FAILED' });
  });

  it('never tries a transition the state machine forbids', async () => {
    const strict: Transition[] = [
      { from: 'NEW', to: 'READY' },
      { from: 'READY', to: 'PROCESSING' },
      { from: 'PROCESSING', to: 'COMPLETED' },
    ];
    const req = await processingOrder(strict);
    expect(await conclude({ ...req, failWith: 'no answer' })).toEqual({ kind: 'unanswered', state: 'PROCESSING' });
    const order = await store.get(req.serviceOrderId);
    expect(order?.exchanges.filter((e) => e.note?.startsWith('refused:'))).toEqual([]);
  });
});
