import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackTarget, configure, eventually, order, request, sendOrder, startCallbackTarget, useSimulator } from './helpers';

const sim = useSimulator();

const requests = async (provider: string) => (await request(`${sim.url}/control/requests?provider=${provider}`)).body.items;

describe('the request log hides credentials', () => {
  it('redacts auth headers it was never configured for, by name', async () => {
    const headers = {
      authorization: 'Basic c2lnOnBhc3N3b3JkMQ==',
      'x-api-key': 'key-AAAA',
      'x-signature': 'keyId=k1,ts=1,sig=abcdef',
      'x-auth-token': 'tok-BBBB',
      'x-partner-secret': 'sec-CCCC',
      'x-request-id': 'visible-1',
    };
    expect((await sendOrder(sim, 'plain', order({ serviceOrderId: 'r-1' }), headers)).status).toBe(200);
    const [record] = await requests('plain');
    for (const name of ['authorization', 'x-api-key', 'x-signature', 'x-auth-token', 'x-partner-secret']) expect(record.headers[name]).toBe('[redacted]');
    expect(record.headers['x-request-id']).toBe('visible-1');
    const log = JSON.stringify(record);
    for (const secret of ['c2lnOnBhc3N3b3JkMQ', 'key-AAAA', 'abcdef', 'tok-BBBB', 'sec-CCCC']) expect(log).not.toContain(secret);
  });

  it('redacts password-like fields in bodies, parsed or not, and credentials in the URL', async () => {
    const body = { ...order({ serviceOrderId: 'r-2' }), fields: { apn: 'internet', password: 'pw-DDDD', nested: { apiKey: 'ak-EEEE' } } };
    await request(`${sim.url}/providers/plain/orders?token=qt-FFFF&page=2`, { body, headers: { 'idempotency-key': 'r-2' } });
    await request(`${sim.url}/providers/plain/orders`, { body: '{"password": "pw-GGGG", broken' });
    const log = JSON.stringify(await requests('plain'));
    for (const secret of ['pw-DDDD', 'ak-EEEE', 'qt-FFFF', 'pw-GGGG']) expect(log).not.toContain(secret);
    expect(log).toContain('internet');
    expect(log).toContain('page=2');
  });

  it('does not quote a malformed line back on TCP or HTTP', async () => {
    const answer = await request(`${sim.url}/providers/plain/orders`, { body: '{"password": hunter2-HHHH}' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('hunter2-HHHH');
  });
});

describe('the callback key', () => {
  let target: CallbackTarget;
  beforeEach(async () => {
    target = await startCallbackTarget();
    await configure(sim, 'ocs', { mode: 'async', callbackDelayMs: 0 });
  });
  afterEach(async () => {
    await target.close();
  });

  it('is set through the control API, survives a reset and is never shown', async () => {
    const key = 'sbx_0123456789ab_abcdefghijklmnopqrstuvwx';
    const put = await request(`${sim.url}/control/callback-key`, { method: 'PUT', body: { apiKey: key } });
    expect(put).toMatchObject({ status: 200, body: { apiKey: '[redacted]' } });
    expect((await request(`${sim.url}/control/callback-key`, { method: 'PUT', body: { apiKey: 'admin' } })).status).toBe(400);
    await request(`${sim.url}/control/reset`, { method: 'POST' });
    await configure(sim, 'ocs', { mode: 'async', callbackDelayMs: 0 });
    const id = 'so-key-1';
    expect((await sendOrder(sim, 'ocs', order({ serviceOrderId: id, callbackUrl: `${target.url}/api/service-orders/${id}/response` }))).status).toBe(202);
    const callback = await eventually(async () => target.received[0], 'the callback');
    expect(callback.headers.authorization).toBe(`Bearer ${key}`);
    expect(JSON.stringify((await request(`${sim.url}/control/callbacks`)).body)).not.toContain(key);
  });
});
