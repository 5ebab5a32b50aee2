import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { DEFAULT_TRANSITIONS } from '@signalbox/domain';
import { createTestDatabase } from '@signalbox/tools/infra';
import { createDataSource } from '../data-source';
import { ServiceOrders1795438800000 } from './1795438800000-service-orders.migration';
import { ServiceOrderNotFoundError, ServiceOrderStore } from './service-order.store';
import type { NewServiceOrder } from './service-order.types';

const transitions = DEFAULT_TRANSITIONS;
const order = (over: Partial<NewServiceOrder> = {}): NewServiceOrder => ({
  serviceKey: 'svc-1',
  providerCode: 'hss-main',
  serviceType: '/service/telco/gprs',
  action: 'A',
  mode: 'confirmed',
  fields: { msisdn: '447700900123', apn: 'internet' },
  subject: { msisdn: '447700900123', serviceId: 'svc-1' },
  runWorkflowId: 'run:SIM_SWAP:k1',
  nodeId: 'n2',
  ...over,
});

describe('ServiceOrderStore', () => {
  let db: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  let store: ServiceOrderStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url });
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new ServiceOrderStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('creates an order in state NEW, idempotently when given an id', async () => {
    const created = await store.create(order({ id: '5d0c7c2e-3f7e-4a43-9a57-4b4a0c8d2f11' }));
    expect(created).toMatchObject({ state: 'NEW', kind: 'service', priority: 'normal', isTest: false, closedAt: null, fields: { apn: 'internet' } });
    const again = await store.create(order({ id: created.id, serviceKey: 'other' }));
    expect(again.serviceKey).toBe('svc-1');
    expect((await store.list({ serviceKey: 'other' })).total).toBe(0);
  });

  it('keeps the order kind and lists orders by kind', async () => {
    const serviceKey = `svc-kind-${Date.now()}`;
    const device = await store.create(order({ serviceKey, kind: 'device', serviceType: '/device/sim' }));
    await store.create(order({ serviceKey }));
    expect(device.kind).toBe('device');
    const devices = await store.list({ serviceKey, kind: 'device' });
    expect(devices.items.map((o) => o.id)).toEqual([device.id]);
    expect((await store.list({ serviceKey })).total).toBe(2);
  });

  it('moves through the state machine, logging each change, and closes on a final state', async () => {
    const o = await store.create(order());
    for (const to of ['READY', 'PROCESSING', 'COMPLETED'] as const) {
      const r = await store.transition(o.id, to, { transitions, note: `to ${to}` });
      expect(r).toMatchObject({ applied: true, changed: true, order: { state: to } });
    }
    const got = await store.get(o.id);
    expect(got?.state).toBe('COMPLETED');
    expect(got?.closedAt).toEqual(expect.any(String));
    expect(Date.parse(got!.closedAt!)).toBeGreaterThanOrEqual(Date.parse(got!.createdAt));
    expect(got?.exchanges.map((e) => [e.seq, e.direction, e.payload])).toEqual([
      [1, 'state-change', { from: 'NEW', to: 'READY' }],
      [2, 'state-change', { from: 'READY', to: 'PROCESSING' }],
      [3, 'state-change', { from: 'PROCESSING', to: 'COMPLETED' }],
    ]);
  });

  it('refuses a transition the machine does not allow, and records the refusal', async () => {
    const o = await store.create(order());
    const r = await store.transition(o.id, 'COMPLETED', { transitions });
    expect(r).toMatchObject({ applied: false, from: 'NEW', order: { state: 'NEW' } });
    const got = await store.get(o.id);
    expect(got?.state).toBe('NEW');
    expect(got?.exchanges).toHaveLength(1);
    expect(got?.exchanges[0]).toMatchObject({ direction: 'state-change', payload: { from: 'NEW', to: 'COMPLETED' } });
    expect(got?.exchanges[0].note).toMatch(/^refused: NEW → COMPLETED is not allowed/);
  });

  it('honours a custom state machine and a compare-and-set guard', async () => {
    const custom = [{ from: 'NEW', to: 'PROCESSING' }, { from: 'PROCESSING', to: 'COMPLETED' }] as const;
    const o = await store.create(order());
    expect((await store.transition(o.id, 'READY', { transitions: [...custom] })).applied).toBe(false);
    expect((await store.transition(o.id, 'PROCESSING', { transitions: [...custom], from: 'READY' })).applied).toBe(false);
    expect((await store.transition(o.id, 'PROCESSING', { transitions: [...custom], from: 'NEW' })).applied).toBe(true);
    const same = await store.transition(o.id, 'PROCESSING', { transitions: [...custom] });
    expect(same).toMatchObject({ applied: true, changed: false });
  });

  it('lets exactly one of two concurrent conflicting transitions win', async () => {
    const o = await store.create(order());
    await store.transition(o.id, 'READY', { transitions });
    await store.transition(o.id, 'PROCESSING', { transitions });
    const results = await Promise.all([
      store.transition(o.id, 'COMPLETED', { transitions }),
      store.transition(o.id, 'FAILED', { transitions }),
    ]);
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    const winner = results.find((r) => r.applied)!;
    const got = await store.get(o.id);
    expect(got?.state).toBe(winner.order.state);
    expect(got?.exchanges.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(got?.exchanges[3].note).toMatch(/^refused:/);
  });

  it('records exchanges in sequence, concurrently', async () => {
    const o = await store.create(order());
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.recordExchange(o.id, { direction: 'request', payload: { i }, httpStatus: 200, latencyMs: 12.6 })),
    );
    const got = await store.get(o.id);
    expect(got?.exchanges.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(got?.exchanges[0]).toMatchObject({ httpStatus: 200, latencyMs: 13 });
  });

  it('records a callback once, treats a repeat as duplicate and refuses a new answer to a closed order', async () => {
    const o = await store.create(order({ mode: 'queued' }));
    const answer = { serviceOrderId: o.id, status: 'COMPLETED' };
    expect((await store.recordCallback(o.id, answer)).outcome).toBe('recorded');
    expect((await store.recordCallback(o.id, { status: 'COMPLETED', serviceOrderId: o.id })).outcome).toBe('duplicate');
    for (const to of ['READY', 'PROCESSING', 'COMPLETED'] as const) await store.transition(o.id, to, { transitions });
    expect((await store.recordCallback(o.id, answer)).outcome).toBe('duplicate');
    expect((await store.recordCallback(o.id, { ...answer, status: 'FAILED' })).outcome).toBe('closed');
    const got = await store.get(o.id);
    expect(got?.exchanges.filter((e) => e.direction === 'callback')).toHaveLength(1);
  });

  it('reports unknown orders', async () => {
    expect(await store.get('not-a-uuid')).toBeNull();
    expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    await expect(store.transition('00000000-0000-4000-8000-000000000000', 'READY', { transitions })).rejects.toBeInstanceOf(ServiceOrderNotFoundError);
  });

  it('lists with filters and pages', async () => {
    for (let i = 0; i < 3; i++) await store.create(order({ serviceKey: 'svc-list', providerCode: 'ocs' }));
    const page1 = await store.list({ serviceKey: 'svc-list' }, { page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    const page2 = await store.list({ serviceKey: 'svc-list' }, { page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(1);
    expect((await store.list({ providerCode: 'ocs', state: 'NEW' })).total).toBe(3);
    expect((await store.list({ providerCode: 'ocs', state: 'READY' })).total).toBe(0);
  });

  it('lists by the subject’s MSISDN, the run and a creation time range', async () => {
    const serviceKey = `svc-find-${Date.now()}`;
    const mine = await store.create(order({ serviceKey, subject: { msisdn: '447700911001', serviceId: serviceKey }, runWorkflowId: `run:FIND:${serviceKey}` }));
    await store.create(order({ serviceKey, subject: { msisdn: '447700911002', serviceId: serviceKey } }));
    expect((await store.list({ serviceKey, msisdn: '447700911001' })).items.map((o) => o.id)).toEqual([mine.id]);
    expect((await store.list({ runWorkflowId: `run:FIND:${serviceKey}` })).items.map((o) => o.id)).toEqual([mine.id]);
    const created = Date.parse(mine.createdAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect((await store.list({ serviceKey, from: iso(created - 60_000), to: iso(created + 60_000) })).total).toBe(2);
    expect((await store.list({ serviceKey, from: iso(created + 3_600_000) })).total).toBe(0);
    expect((await store.list({ serviceKey, to: iso(created - 3_600_000) })).total).toBe(0);
  });

  it('settles with the answer logged ahead, the change announced under its log place, and the status set, in one transaction', async () => {
    const o = await store.create(order({ serviceKey: 'svc-settle', subject: { msisdn: '447700900124', serviceId: 'svc-settle' } }));
    const sent = { direction: 'request' as const, payload: { action: 'A' }, note: 'attempt 1' };
    const moved = await store.advance(o.id, ['NEW', 'READY', 'PROCESSING'], { transitions, after: sent });
    expect(moved).toMatchObject({ applied: true, order: { state: 'PROCESSING' } });
    const settled = await store.transition(o.id, 'COMPLETED', {
      transitions,
      payload: { imsi: '234150000000001' },
      before: { direction: 'response', payload: { ok: true }, httpStatus: 200, latencyMs: 12.4, note: 'http://hss' },
      provisioningStatus: { providerCode: 'hss-main', subjectKey: 'svc-settle', state: { imsi: '234150000000001' }, orderId: o.id },
    });
    expect(settled).toMatchObject({ applied: true, changed: true, from: 'PROCESSING', order: { state: 'COMPLETED' } });
    const full = await store.get(o.id);
    expect(full?.exchanges.map((e) => [e.seq, e.direction, e.note])).toEqual([
      [1, 'state-change', null],
      [2, 'state-change', null],
      [3, 'request', 'attempt 1'],
      [4, 'response', 'http://hss'],
      [5, 'state-change', null],
    ]);
    expect(full?.exchanges[3]).toMatchObject({ httpStatus: 200, latencyMs: 12, payload: { ok: true } });
    expect(full?.closedAt).not.toBeNull();
    const announced: { event_id: string; state: string; body: { eventId: string; serviceOrder: { previousState: string } } }[] = await dataSource.query(
      `SELECT event_id, state, body FROM webhook_outbox WHERE subject_id = $1 ORDER BY id`,
      [o.id],
    );
    expect(announced.map((a) => [a.event_id, a.state, a.body.eventId, a.body.serviceOrder.previousState])).toEqual([
      [`order:${o.id}:1`, 'READY', `order:${o.id}:1`, 'NEW'],
      [`order:${o.id}:2`, 'PROCESSING', `order:${o.id}:2`, 'READY'],
      [`order:${o.id}:5`, 'COMPLETED', `order:${o.id}:5`, 'PROCESSING'],
    ]);
    expect(await store.getProvisioningStatus('hss-main', 'svc-settle')).toMatchObject({ state: { imsi: '234150000000001' }, orderId: o.id });
  });

  it('logs the answer of a refused change but sets no status and logs no request after a refused advance', async () => {
    const o = await store.create(order({ serviceKey: 'svc-refused', subject: { msisdn: '447700900125', serviceId: 'svc-refused' } }));
    const refused = await store.transition(o.id, 'COMPLETED', {
      transitions,
      before: { direction: 'response', payload: { late: true } },
      provisioningStatus: { providerCode: 'hss-main', subjectKey: 'svc-refused', state: { x: 1 }, orderId: o.id },
    });
    expect(refused).toMatchObject({ applied: false, reason: 'NEW → COMPLETED is not allowed for /service/telco/gprs' });
    const stuck = await store.advance(o.id, ['NEW', 'COMPLETED'], { transitions, after: { direction: 'request', note: 'never sent' } });
    expect(stuck.applied).toBe(false);
    const full = await store.get(o.id);
    expect(full?.state).toBe('NEW');
    expect(full?.exchanges.map((e) => [e.seq, e.direction, e.note])).toEqual([
      [1, 'response', null],
      [2, 'state-change', 'refused: NEW → COMPLETED is not allowed for /service/telco/gprs'],
      [3, 'state-change', 'refused: NEW → COMPLETED is not allowed for /service/telco/gprs'],
    ]);
    expect(await store.getProvisioningStatus('hss-main', 'svc-refused')).toBeNull();
    expect(await dataSource.query(`SELECT 1 FROM webhook_outbox WHERE subject_id = $1`, [o.id])).toEqual([]);
  });

  it('upserts the provisioning status per (provider, subject)', async () => {
    const o = await store.create(order());
    await store.upsertProvisioningStatus({ providerCode: 'hss-main', subjectKey: '447700900123', state: { gprs: 'active' } });
    await store.upsertProvisioningStatus({ providerCode: 'hss-main', subjectKey: '447700900123', state: { gprs: 'suspended' }, orderId: o.id });
    expect(await store.getProvisioningStatus('hss-main', '447700900123')).toMatchObject({ state: { gprs: 'suspended' }, orderId: o.id });
    expect(await store.getProvisioningStatus('ocs', '447700900123')).toBeNull();
  });

  it('migrates down cleanly', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await new ServiceOrders1795438800000().down(runner);
      expect(await runner.hasTable('service_orders')).toBe(false);
      await new ServiceOrders1795438800000().up(runner);
      expect(await runner.hasTable('service_orders')).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
