import { describe, expect, it } from 'vitest';
import { order, request, sendOrder, useSimulator } from './helpers';

const sim = useSimulator();

const read = (provider: string, key: string) => request(`${sim.url}/providers/${provider}/subscribers/${encodeURIComponent(key)}`);
const drift = (provider: string, body: unknown) => request(`${sim.url}/control/providers/${provider}/drift`, { method: 'POST', body });

describe('drift and the subscriber read (what reconciliation uses)', () => {
  it('answers a subscriber by service id or MSISDN, 404 when unknown, 503 when down', async () => {
    await sendOrder(sim, 'hss-main', order({ subject: { msisdn: '31610000001', serviceId: 'svc-1' } }));
    const byId = await read('hss-main', 'svc-1');
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ key: 'svc-1', msisdn: '31610000001', services: { '/service/telco/gprs': 'active' } });
    expect((await read('hss-main', '31610000001')).body.key).toBe('svc-1');
    expect((await read('hss-main', 'svc-404')).status).toBe(404);
    await request(`${sim.url}/control/providers/hss-main`, { method: 'PUT', body: { down: true } });
    expect((await read('hss-main', 'svc-1')).status).toBe(503);
    // Reads are in the request log like every request, and are not counted as orders.
    const log = (await request(`${sim.url}/control/requests?provider=hss-main`)).body.items as { method: string }[];
    expect(log.map((r) => r.method)).toEqual(['POST', 'GET', 'GET', 'GET', 'GET']);
    expect((await request(`${sim.url}/control/stats`)).body.providers['hss-main'].received).toBe(1);
  });

  it('drifts the first subscribers that can change, or the ones named, and records it in their history', async () => {
    for (const id of ['svc-3', 'svc-1', 'svc-2']) await sendOrder(sim, 'hss-main', order({ subject: { serviceId: id } }));
    const first = await drift('hss-main', { count: 2 });
    expect(first.status).toBe(200);
    expect(first.body.drifted).toEqual([
      { key: 'svc-1', before: { '/service/telco/gprs': 'active' }, after: { '/service/telco/gprs': 'suspended' } },
      { key: 'svc-2', before: { '/service/telco/gprs': 'active' }, after: { '/service/telco/gprs': 'suspended' } },
    ]);
    // Already suspended ones cannot drift to suspended again: the next count takes svc-3.
    expect((await drift('hss-main', { count: 2 })).body.drifted.map((d: { key: string }) => d.key)).toEqual(['svc-3']);
    const named = await drift('hss-main', { keys: ['svc-1', 'nobody'], to: 'deactivated' });
    expect(named.body).toMatchObject({ drifted: [{ key: 'svc-1', after: { '/service/telco/gprs': 'deactivated' } }], unknown: ['nobody'] });
    const subscriber = (await read('hss-main', 'svc-1')).body;
    expect(subscriber.status).toBe('deactivated');
    const history = (await request(`${sim.url}/control/subscribers?provider=hss-main`)).body.items.find((s: { key: string }) => s.key === 'svc-1').history;
    expect(history.map((h: { serviceOrderId: string; to: string }) => [h.serviceOrderId === 'drift' ? 'drift' : 'order', h.to])).toEqual([
      ['order', 'active'],
      ['drift', 'suspended'],
      ['drift', 'deactivated'],
    ]);
  });

  it('refuses (400, as every control call) a drift that names neither or both of count and keys', async () => {
    expect((await drift('hss-main', {})).status).toBe(400);
    expect((await drift('hss-main', { count: 1, keys: ['a'] })).status).toBe(400);
    expect((await drift('hss-main', { count: 0 })).status).toBe(400);
  });
});
