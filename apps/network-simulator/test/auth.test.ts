import { beforeEach, describe, expect, it } from 'vitest';
import { signBody } from '../src/auth';
import { configure, order, request, useSimulator } from './helpers';

const sim = useSimulator();

const post = (body: string, headers: Record<string, string>) => request(`${sim.url}/providers/secure/orders`, { body, headers });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

describe('provider authentication', () => {
  it('accepts anything when none is configured', async () => {
    expect((await post(JSON.stringify(order()), {})).status).toBe(200);
  });

  it('checks Basic credentials', async () => {
    await configure(sim, 'secure', { auth: { type: 'basic', username: 'sig', password: 'box' } });
    const body = JSON.stringify(order());
    expect((await post(body, { authorization: basic('sig', 'box') })).status).toBe(200);
    const wrong = await post(body, { authorization: basic('sig', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'wrong username or password' });
    const missing = await post(body, {});
    expect(missing.body.message).toContain('missing Authorization');
  });

  it('checks a custom header and redacts it in the log', async () => {
    await configure(sim, 'secure', { auth: { type: 'header', name: 'X-Api-Token', value: 't0ken' } });
    const body = JSON.stringify(order());
    expect((await post(body, { 'x-api-token': 't0ken' })).status).toBe(200);
    expect((await post(body, { 'x-api-token': 'other' })).body.message).toBe('wrong value in header X-Api-Token');
    expect((await post(body, {})).body.message).toBe('missing header X-Api-Token');
    const log = (await request(`${sim.url}/control/requests?provider=secure`)).body.items;
    expect(log[0].headers['x-api-token']).toBe('[redacted]');
    expect(JSON.stringify(log)).not.toContain('t0ken');
    const view = (await request(`${sim.url}/control/providers/secure`)).body.behaviour;
    expect(view.auth).toEqual({ type: 'header', name: 'X-Api-Token', value: '[redacted]' });
  });

  describe('HMAC signature', () => {
    const secret = 's3cret';
    beforeEach(async () => {
      await configure(sim, 'secure', { auth: { type: 'signature', keyId: 'k1', secret } });
    });

    it('accepts a valid signature over the raw body and redacts it in the log', async () => {
      const body = JSON.stringify(order());
      const ts = nowSeconds();
      const response = await post(body, { 'x-signature': `keyId=k1,ts=${ts},sig=${signBody(secret, ts, body)}` });
      expect(response.status).toBe(200);
      const [record] = (await request(`${sim.url}/control/requests?provider=secure`)).body.items;
      expect(record.headers['x-signature']).toBe('[redacted]');
    });

    it('refuses a signature of another body', async () => {
      const ts = nowSeconds();
      const signed = signBody(secret, ts, JSON.stringify(order({ serviceOrderId: 'other' })));
      const response = await post(JSON.stringify(order()), { 'x-signature': `keyId=k1,ts=${ts},sig=${signed}` });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe('signature does not match the body');
    });

    it('refuses a stale timestamp even when the signature is right', async () => {
      const body = JSON.stringify(order());
      const ts = String(Math.floor(Date.now() / 1000) - 301);
      const response = await post(body, { 'x-signature': `keyId=k1,ts=${ts},sig=${signBody(secret, ts, body)}` });
      expect(response.status).toBe(401);
      expect(response.body.message).toMatch(/timestamp is 30\d s away from now \(at most 300 s allowed\)/);
    });

    it('refuses an unknown key id, a malformed header and a missing one', async () => {
      const body = JSON.stringify(order());
      const ts = nowSeconds();
      const unknown = await post(body, { 'x-signature': `keyId=k2,ts=${ts},sig=${signBody(secret, ts, body)}` });
      expect(unknown.body.message).toBe('unknown signature key id k2');
      expect((await post(body, { 'x-signature': 'garbage' })).body.message).toContain('keyId=<id>,ts=<unix seconds>,sig=<hex>');
      expect((await post(body, {})).body.message).toBe('missing X-Signature header');
      const stats = (await request(`${sim.url}/control/stats`)).body.providers.secure;
      expect(stats).toMatchObject({ received: 3, rejected: 3, completed: 0 });
    });
  });
});
