import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '@signalbox/domain';
import type { WireServiceOrder } from '@signalbox/contracts';
import { HttpProviderAdapter } from './http-provider.adapter';

let server: Server;
let base: string;
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      const order = body ? (JSON.parse(body) as WireServiceOrder) : undefined;
      if (req.url?.startsWith('/broken')) return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
      if (req.url?.startsWith('/strict')) return res.writeHead(422, { 'content-type': 'application/json' }).end('{"message":"unknown service type"}');
      if (req.url?.startsWith('/async')) return res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serviceOrderId: order?.serviceOrderId, status: 'COMPLETED', state: { gprs: 'on' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const provider = (patch: Partial<Provider>): Provider => ({
  code: 'hss-main',
  name: 'HSS',
  protocol: 'http',
  endpoints: [`${base}/ok`],
  auth: { type: 'none' },
  requestTimeoutMs: 2_000,
  mode: 'sync',
  allowInFlightChanges: false,
  state: 'effective',
  ...patch,
});
const order: WireServiceOrder = { serviceOrderId: '7d1f7a9e-1111-4222-8333-444455556666', action: 'A', serviceType: '/service/telco/gprs', priority: 'normal', subject: { msisdn: '447700900123' }, fields: { apn: 'internet' } };

describe('HttpProviderAdapter', () => {
  it('posts the order with the idempotency key, the test marker and Basic auth', async () => {
    const answer = await new HttpProviderAdapter().sendOrder(provider({ auth: { type: 'basic', username: 'sbx', password: 's3cret' } }), order, { test: true });
    expect(answer).toMatchObject({ kind: 'result', httpStatus: 200, result: { status: 'COMPLETED', state: { gprs: 'on' } } });
    const last = seen.at(-1)!;
    expect(last.path).toBe('/ok/orders');
    expect(last.headers['idempotency-key']).toBe(order.serviceOrderId);
    expect(last.headers['x-signalbox-test']).toBe('1');
    expect(last.headers.authorization).toBe(`Basic ${Buffer.from('sbx:s3cret').toString('base64')}`);
  });

  it('signs the body with HMAC-SHA256 over "<ts>.<body>"', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    await new HttpProviderAdapter(() => now).sendOrder(provider({ auth: { type: 'signature', keyId: 'k1', secret: 'a-very-long-shared-secret' } }), order);
    const last = seen.at(-1)!;
    const ts = String(now / 1000);
    const sig = createHmac('sha256', 'a-very-long-shared-secret').update(`${ts}.${last.body}`).digest('hex');
    expect(last.headers['x-signature']).toBe(`keyId=k1,ts=${ts},sig=${sig}`);
  });

  it('tries the next endpoint after a 5xx and reports 202 as accepted', async () => {
    const answer = await new HttpProviderAdapter().sendOrder(provider({ endpoints: [`${base}/broken`, `${base}/async`] }), order);
    expect(answer).toMatchObject({ kind: 'accepted', endpoint: `${base}/async` });
  });

  it('a 4xx is not retried; 5xx everywhere and unreachable endpoints are', async () => {
    const refused = await new HttpProviderAdapter().sendOrder(provider({ endpoints: [`${base}/strict`] }), order).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ nonRetryable: true, type: 'ProviderRejected', message: expect.stringContaining('unknown service type') });
    const down = await new HttpProviderAdapter().sendOrder(provider({ endpoints: [`${base}/broken`, 'http://127.0.0.1:9'] }), order).catch((e: unknown) => e);
    expect(down).toMatchObject({ nonRetryable: false, type: 'ProviderUnavailable', message: expect.stringContaining('unreachable') });
  });

  it('refuses to send when the provider’s secret is missing, naming what to set', async () => {
    const err = await new HttpProviderAdapter().sendOrder(provider({ auth: { type: 'header', header: 'X-Api-Key' } }), order).catch((e: unknown) => e);
    expect(err).toMatchObject({ nonRetryable: true, message: 'provider hss-main has no header value stored: set it on the provider before sending' });
  });
});
