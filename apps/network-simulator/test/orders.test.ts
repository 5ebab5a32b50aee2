import { describe, expect, it } from 'vitest';
import { order, request, sendOrder, useSimulator } from './helpers';

const sim = useSimulator();

const stats = async (provider: string) => (await request(`${sim.url}/control/stats`)).body.providers[provider];
const subscribers = async (provider: string) => (await request(`${sim.url}/control/subscribers?provider=${provider}`)).body.items;

describe('service orders over HTTP (sync mode)', () => {
  it('activates a subscriber and answers 200 with the result and the provider state', async () => {
    const activate = order({ fields: { apn: 'internet', imsi: '204080000000001' } });
    const response = await sendOrder(sim, 'hss-main', activate);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      serviceOrderId: activate.serviceOrderId,
      status: 'COMPLETED',
      state: { serviceId: 'svc-1', msisdn: '31610000001', status: 'active', imsi: '204080000000001' },
    });
    const [subscriber] = await subscribers('hss-main');
    expect(subscriber).toMatchObject({ key: 'svc-1', status: 'active', fields: { apn: 'internet' }, services: { '/service/telco/gprs': 'active' } });
  });

  it('counts an idempotent repeat once and answers it with the first answer', async () => {
    const activate = order();
    const first = await sendOrder(sim, 'hss-main', activate);
    const again = await sendOrder(sim, 'hss-main', { ...activate, action: 'S' });
    expect(again).toEqual(first);
    expect(await stats('hss-main')).toMatchObject({ received: 2, duplicates: 1, completed: 1, failed: 0 });
    const log = (await request(`${sim.url}/control/requests?provider=hss-main`)).body.items;
    expect(log.map((r: { duplicate: boolean }) => r.duplicate)).toEqual([false, true]);
    expect((await subscribers('hss-main'))[0].history).toHaveLength(1);
  });

  it('makes a repeat that arrives while the first is in flight wait for the first answer', async () => {
    await request(`${sim.url}/control/providers/slow`, { method: 'PUT', body: { latencyMs: 300 } });
    const activate = order();
    const [a, b] = await Promise.all([sendOrder(sim, 'slow', activate), sendOrder(sim, 'slow', activate)]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(await stats('slow')).toMatchObject({ received: 2, duplicates: 1, completed: 1 });
    const log = (await request(`${sim.url}/control/requests?provider=slow`)).body.items as { at: string; latencyMs: number; duplicate: boolean }[];
    const original = log.find((r) => !r.duplicate)!;
    const repeat = log.find((r) => r.duplicate)!;
    expect(original.latencyMs).toBeGreaterThanOrEqual(290);
    // The repeat may arrive a little later on a busy machine, but it is answered only once the
    // first has been: never before it.
    const answeredAt = (r: { at: string; latencyMs: number }) => Date.parse(r.at) + r.latencyMs;
    expect(answeredAt(repeat)).toBeGreaterThanOrEqual(answeredAt(original));
  });

  it('walks a subscriber through suspend, reactivate, deactivate and close', async () => {
    const steps = ['A', 'S', 'R', 'S', 'D', 'C'] as const;
    const statuses: string[] = [];
    for (const action of steps) {
      const response = await sendOrder(sim, 'hss-main', order({ action }));
      expect(response.body.status, `${action}: ${response.body.message}`).toBe('COMPLETED');
      statuses.push(response.body.state.status);
    }
    expect(statuses).toEqual(['active', 'suspended', 'active', 'suspended', 'deactivated', 'closed']);
    const [subscriber] = await subscribers('hss-main');
    expect(subscriber.history.map((h: { action: string }) => h.action)).toEqual([...steps]);
  });

  it('fails invalid transitions with a message and leaves the state alone', async () => {
    const unknown = await sendOrder(sim, 'hss-main', order({ action: 'S', subject: { msisdn: '31699999999' } }));
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ status: 'FAILED', message: expect.stringContaining('cannot suspend 31699999999') });
    await sendOrder(sim, 'hss-main', order());
    const reactivate = await sendOrder(sim, 'hss-main', order({ action: 'R' }));
    expect(reactivate.body).toMatchObject({ status: 'FAILED', message: expect.stringContaining('it is active') });
    await sendOrder(sim, 'hss-main', order({ action: 'C' }));
    const reopen = await sendOrder(sim, 'hss-main', order({ action: 'A' }));
    expect(reopen.body).toMatchObject({ status: 'FAILED', message: expect.stringContaining('it is closed') });
    expect(await stats('hss-main')).toMatchObject({ completed: 2, failed: 3 });
    expect((await subscribers('hss-main'))[0].status).toBe('closed');
  });

  it('fails an order that names no subscriber, and ignores I orders', async () => {
    const nobody = await sendOrder(sim, 'hss-main', order({ subject: { customerId: 'cust-1' } }));
    expect(nobody.body).toMatchObject({ status: 'FAILED', message: expect.stringContaining('subject.serviceId, subject.msisdn or subject.accountId') });
    const ignore = await sendOrder(sim, 'hss-main', order({ action: 'I', subject: { msisdn: '31600000000' } }));
    expect(ignore.body.status).toBe('COMPLETED');
    expect(await subscribers('hss-main')).toEqual([]);
  });

  it('keeps each service type apart and finds the subscriber by msisdn alone', async () => {
    await sendOrder(sim, 'hss-main', order({ serviceType: '/service/telco/voice' }));
    await sendOrder(sim, 'hss-main', order({ serviceType: '/service/telco/gprs' }));
    const bar = await sendOrder(sim, 'hss-main', order({ action: 'S', serviceType: '/service/telco/gprs', subject: { msisdn: '31610000001' } }));
    expect(bar.body.state).toMatchObject({ status: 'active', services: { '/service/telco/voice': 'active', '/service/telco/gprs': 'suspended' } });
    expect(await subscribers('hss-main')).toHaveLength(1);
  });

  it('swaps the SIM when an order carries a new IMSI or ICCID, keeping the history', async () => {
    await sendOrder(sim, 'hss-main', order({ fields: { imsi: '204080000000001', iccid: '8931000000000000001' } }));
    const swap = await sendOrder(sim, 'hss-main', order({ action: 'P', serviceType: '/service/telco/sim', fields: { imsi: '204080000000002', iccid: '8931000000000000002' } }));
    expect(swap.body.state).toMatchObject({ imsi: '204080000000002', iccid: '8931000000000000002' });
    const [subscriber] = await subscribers('hss-main');
    expect(subscriber.simHistory.map((s: { imsi: string }) => s.imsi)).toEqual(['204080000000001', '204080000000002']);
  });

  it('keeps state per provider', async () => {
    await sendOrder(sim, 'hss-main', order());
    const elsewhere = await sendOrder(sim, 'ocs', order({ action: 'S' }));
    expect(elsewhere.body.status).toBe('FAILED');
  });

  it('answers a bad body with 400 and field-by-field problems, and records it', async () => {
    const response = await request(`${sim.url}/providers/hss-main/orders`, { body: { action: 'X', subject: { msisdn: 316 }, fields: {} } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'ValidationError' });
    expect(response.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'serviceOrderId', message: 'is required' },
        { path: 'serviceType', message: 'is required' },
        { path: 'priority', message: 'is required' },
        { path: 'action', message: expect.stringContaining('expected one of') },
        { path: 'subject.msisdn', message: expect.stringContaining('expected string') },
      ]),
    );
    const malformed = await request(`${sim.url}/providers/hss-main/orders`, { body: '{"serviceOrderId":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not valid JSON/);
    expect(await stats('hss-main')).toMatchObject({ received: 2, rejected: 2, completed: 0 });
    const log = (await request(`${sim.url}/control/requests?provider=hss-main`)).body.items;
    expect(log.map((r: { status: number }) => r.status)).toEqual([400, 400]);
  });

  it('lists the request log in order with a limit, and 404s unknown routes', async () => {
    for (let i = 0; i < 3; i++) await sendOrder(sim, 'hss-main', order({ action: 'I', serviceOrderId: `so-${i}` }));
    const last2 = (await request(`${sim.url}/control/requests?limit=2`)).body.items;
    expect(last2.map((r: { body: { serviceOrderId: string } }) => r.body.serviceOrderId)).toEqual(['so-1', 'so-2']);
    expect(last2[0]).toMatchObject({ provider: 'hss-main', method: 'POST', path: '/providers/hss-main/orders', status: 200, duplicate: false });
    expect((await request(`${sim.url}/control/requests?limit=zero`)).status).toBe(400);
    expect((await request(`${sim.url}/nowhere`)).status).toBe(404);
    expect((await request(`${sim.url}/providers/x/orders`)).status).toBe(405);
  });

  it('serves health and the dashboard', async () => {
    await sendOrder(sim, 'hss-main', order());
    expect((await request(`${sim.url}/health`)).body).toEqual({ status: 'ok' });
    const page = await fetch(`${sim.url}/`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('http-equiv="refresh" content="2"');
    expect(html).toContain('hss-main');
    expect(html).toContain('31610000001');
  });
});
