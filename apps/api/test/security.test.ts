import { createHash, randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';
import { insertOpenOrder } from './support/service-order-row';

/** Abuse cases of issue 16 (rights and bad input) against the real API process and database. */
describe('least privilege and bad input', () => {
  let api: RunningApi;
  let admin: Client;
  const keyOf = async (role: string, providers?: string[]) => {
    const res = await admin.post('/keys', { name: `${role}-${randomUUID().slice(0, 8)}`, role, ...(providers ? { providers } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return client(api.url, res.body.key as string);
  };

  beforeAll(async () => {
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', HTTP_REQUEST_TIMEOUT_MS: '1500', SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '1000' } });
    admin = client(api.url, api.adminKey);
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('agent keys', () => {
    it('need providers that exist, and only agents have them', async () => {
      expect((await admin.post('/keys', { name: 'a', role: 'agent' })).body.problems).toEqual([{ path: 'providers', message: expect.stringContaining('is required for an agent key') }]);
      expect((await admin.post('/keys', { name: 'a', role: 'agent', providers: ['hss-main', 'nope-nope'] })).body.problems).toEqual([{ path: 'providers.1', message: 'provider nope-nope does not exist' }]);
      expect((await admin.post('/keys', { name: 'a', role: 'viewer', providers: ['hss-main'] })).body.problems).toEqual([{ path: 'providers', message: 'is only for agent keys' }]);
      const created = await admin.post('/keys', { name: 'hss agent', role: 'agent', providers: ['hss-main'] });
      expect(created.body).toMatchObject({ role: 'agent', providers: ['hss-main'] });
      expect((await client(api.url, created.body.key).get('/auth/me')).body).toMatchObject({ role: 'agent', providers: ['hss-main'] });
    });

    it("may answer only their own providers' orders", async () => {
      const id = await insertOpenOrder(api.databaseUrl, 'ocs-main', 'svc-scope');
      const answer = { serviceOrderId: id, status: 'COMPLETED', state: { forged: true } };
      const other = await keyOf('agent', ['hss-main']);
      const refused = await other.post(`/service-orders/${id}/response`, answer);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('this agent key may answer service orders only for hss-main; this order belongs to provider ocs-main');
      expect((await admin.get(`/service-orders/${id}`)).body.state).toBe('PROCESSING');
      const own = await keyOf('agent', ['ocs-main']);
      expect((await own.post(`/service-orders/${id}/response`, answer)).status).not.toBe(403);
    });
  });

  it('shows audit entries about keys to admins only', async () => {
    await keyOf('operator');
    const viewer = await keyOf('viewer');
    expect((await admin.get('/audit?kind=api-key')).body.total).toBeGreaterThan(0);
    const seen = await viewer.get('/audit?pageSize=200');
    expect(seen.status).toBe(200);
    expect(seen.body.items.length).toBeGreaterThan(0);
    expect(seen.body.items.filter((e: { kind: string }) => e.kind === 'api-key')).toEqual([]);
    expect((await viewer.get('/audit?kind=api-key')).body.total).toBe(0);
    // Actors are named without their key ids.
    await admin.post('/event-types', { code: 'AUDITED_TYPE', name: 'Audited' });
    const [entry] = (await viewer.get('/audit?code=AUDITED_TYPE')).body.items;
    expect(entry.actor).toBe('bootstrap-admin');
    expect((await admin.get('/audit?code=AUDITED_TYPE')).body.items[0].actor).toMatch(/^bootstrap-admin \([a-f0-9]{12}\)$/);
  });

  it('lets only the roles that edit validate and preview', async () => {
    const sms = (await admin.get('/templates?channel=sms')).body.items[0].code;
    for (const role of ['viewer', 'operator']) {
      const caller = await keyOf(role);
      expect((await caller.post('/workflows/TOP_UP/validate', {})).status).toBe(403);
      expect((await caller.post(`/templates/${sms}/preview`, {})).status).toBe(403);
    }
    const analyst = await keyOf('analyst');
    expect((await analyst.post('/workflows/TOP_UP/validate', {})).status).toBe(200);
    expect((await analyst.post(`/templates/${sms}/preview`, {})).status).toBe(200);
  });

  describe('text that cannot be stored', () => {
    it('refuses unpaired surrogates and NUL in bodies with 422 naming the field', async () => {
      const lone = await admin.raw('POST', '/event-types', '{"code":"LONE_SURROGATE","name":"bad \\ud800 name"}');
      expect(lone.status).toBe(422);
      expect(lone.body.problems).toEqual([{ path: 'name', message: expect.stringContaining('unpaired UTF-16 surrogate') }]);
      const nul = await admin.raw('POST', '/event-types', '{"code":"NUL_NAME","name":"bad","description":"a\\u0000b"}');
      expect(nul.status).toBe(422);
      expect(nul.body.problems).toEqual([{ path: 'description', message: expect.stringContaining('NUL') }]);
      const key = await admin.raw('POST', '/events', '{"eventCode":"TOP_UP","subject":{"msisdn":"447700900123"},"data":{"k\\u0000":1}}');
      expect(key.status).toBe(422);
      expect((await admin.get('/event-types/LONE_SURROGATE')).status).toBe(404);
    });

    it('refuses NUL in query parameters and paths, fast', async () => {
      const runs = await admin.get('/runs?accountId=%00');
      expect(runs.status).toBe(422);
      expect(runs.body.problems).toEqual([{ path: 'accountId', message: expect.stringContaining('NUL') }]);
      expect((await admin.get('/event-codes?q=a%00b')).status).toBe(422);
      expect((await admin.get('/event-codes/A%00B')).status).toBe(422);
    });
  });

  it('refuses a page token it did not hand out, without asking Temporal', async () => {
    const res = await admin.get('/runs?pageToken=AAAA');
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ path: 'pageToken', message: 'is not a nextPageToken of this query: start again without it' }]);
  });

  it('never echoes a malformed body back', async () => {
    const res = await admin.raw('POST', '/providers', '{"code":"leaky","auth":{"type":"basic","username":"u","password":"hunter2-secret}');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(res.body.message).toMatch(/^malformed JSON in the request body/);
  });

  it('answers 404, not 409, for version writes on an unknown event code or version', async () => {
    expect((await admin.put('/workflows/NO_SUCH_CODE/versions/1', {})).status).toBe(404);
    expect((await admin.put('/workflows/TOP_UP/versions/999', {})).status).toBe(404);
    expect((await admin.put('/workflows/TOP_UP/versions/1', {})).status).toBe(409);
  });

  describe('event bounds', () => {
    const subject = { accountId: 'ACC-1', msisdn: '447700900123' };
    it('bounds data, accounts and scheduledAt with 422 naming the field', async () => {
      const big = await admin.post('/events', { eventCode: 'TOP_UP', subject, data: { blob: 'x'.repeat(300 * 1024) } });
      expect(big.status).toBe(422);
      expect(big.body.problems).toEqual([{ path: 'data', message: expect.stringContaining('at most 256 kB') }]);
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 40; i++) deep = { d: deep };
      expect((await admin.post('/events', { eventCode: 'TOP_UP', subject, data: deep })).body.problems).toEqual([{ path: 'data', message: expect.stringContaining('levels deep') }]);
      const account = await admin.post('/events', { inboundName: 'Customer/ZeroAvailableFunds', subject: { customerId: 'C1' }, accounts: ['a'.repeat(1_000_000)] });
      expect(account.body.problems).toEqual([{ path: 'accounts.0', message: 'must be at most 128 characters long' }]);
      const future = await admin.post('/events', { eventCode: 'TOP_UP', subject, scheduledAt: '9999-12-31T00:00:00Z' });
      expect(future.status).toBe(422);
      expect(future.body.problems).toEqual([{ path: 'scheduledAt', message: 'must be at most 400 days from now' }]);
    });

    it('caps the runs a batch would start, counting accounts', async () => {
      const accounts = Array.from({ length: 600 }, (_, i) => `ACC-${i}`);
      const event = { inboundName: 'Customer/ZeroAvailableFunds', subject: { customerId: 'C1', msisdn: '447700900123' }, accounts };
      const res = await admin.post('/events/batch', { events: [event, event] });
      expect(res.status).toBe(422);
      expect(res.body.problems).toEqual([{ path: 'events.1', message: expect.stringContaining('more than 1000 runs') }]);
    });
  });

  it('cuts off a client that declares a body and never sends it', async () => {
    const port = Number(new URL(api.url).port);
    const outcome = await new Promise<{ closed: boolean; reply: string }>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${api.adminKey}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"eventCod`);
      });
      let reply = '';
      socket.on('data', (d) => (reply += d));
      socket.on('close', () => resolve({ closed: true, reply }));
      socket.on('error', () => undefined);
      // A ceiling far above the configured 1.5 s, far below Node's default of five minutes.
      setTimeout(() => {
        socket.destroy();
        resolve({ closed: false, reply });
      }, 60_000).unref();
    });
    expect(outcome.closed).toBe(true);
    expect(outcome.reply).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('per-key rate limits on expensive operations', () => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '3', SIGNALBOX_INTEGRATION_CALLS_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('limits each key on the TMF641 API with a bucket of its own, answering in TMF error format', async () => {
    const admin = client(api.url, api.adminKey);
    const crm = (await admin.post('/keys', { name: 'crm', role: 'integration' })).body.key as string;
    const list = (key: string) => fetch(`${api.url}/tmf-api/serviceOrdering/v4/serviceOrder`, { headers: { authorization: `Bearer ${key}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await list(crm)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await list(crm);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: '429', reason: 'TooManyRequests', '@type': 'Error' });
    // Another integration key has its own allowance.
    const other = (await admin.post('/keys', { name: 'oss', role: 'integration' })).body.key as string;
    expect((await list(other)).status).toBe(200);
  });

  it('limits POST /api/messages per key from the same integration bucket as TMF641', async () => {
    const admin = client(api.url, api.adminKey);
    const crm = (await admin.post('/keys', { name: 'msg', role: 'integration' })).body.key as string;
    const name = `limited${randomBytes(3).toString('hex')}`;
    const send = () =>
      fetch(`${api.url}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${crm}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, correlationKeys: { msisdn: '447700900777' } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await send()).status);
    expect(statuses).toEqual([202, 202, 429]);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { message: string }).message).toMatch(/integration API \(TMF641, messages\)/);
    // One allowance for both: the key that spent it on messages cannot list orders either.
    expect((await fetch(`${api.url}/tmf-api/serviceOrdering/v4/serviceOrder`, { headers: { authorization: `Bearer ${crm}` } })).status).toBe(429);
    // Refused calls stored nothing beyond the two accepted.
    expect((await admin.get(`/messages?name=${name}`)).body.total).toBe(2);
  });

  it('answers 429 with Retry-After past the limit, per key', async () => {
    const admin = client(api.url, api.adminKey);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await admin.post('/workflows/TOP_UP/validate', {})).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${api.url}/api/workflows/TOP_UP/validate`, { method: 'POST', headers: { authorization: `Bearer ${api.adminKey}`, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Cheap reads are not limited, and another key has its own allowance.
    expect((await admin.get('/workflows/TOP_UP')).status).toBe(200);
    const analyst = client(api.url, (await admin.post('/keys', { name: 'other', role: 'analyst' })).body.key);
    expect((await analyst.post('/workflows/TOP_UP/validate', {})).status).toBe(200);
  });

  describe('with a second API process on the same database', () => {
    let second: RunningApi;
    const unscopedKey = `sbx_${randomBytes(6).toString('hex')}_${randomBytes(24).toString('base64url')}`;
    beforeAll(async () => {
      // An agent key as the ApiKeyProviders migration left the ones made before it: no providers.
      await insertUnscopedAgentKey(api.databaseUrl, unscopedKey);
      second = await startApi({ databaseUrl: api.databaseUrl, env: { SIGNALBOX_EXPENSIVE_CALLS_PER_MINUTE: '3' } });
    });
    afterAll(async () => {
      await second?.stop();
    });

    it('limits a key across both processes, not per process', async () => {
      const key = (await client(api.url, api.adminKey).post('/keys', { name: 'shared', role: 'analyst' })).body.key as string;
      const [one, two] = [client(api.url, key), client(second.url, key)];
      const statuses: number[] = [];
      for (const caller of [one, two, one, two]) statuses.push((await caller.post('/workflows/TOP_UP/validate', {})).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await one.post('/workflows/TOP_UP/validate', {})).status).toBe(429);
    });

    it('warns at start-up about agent keys without a provider scope, and refuses them with 403 saying why', async () => {
      expect(second.output()).toContain('1 agent key has no provider scope (made before agent keys were tied to providers) and may answer no service order');
      const id = await insertOpenOrder(api.databaseUrl, 'hss-main', 'svc-unscoped');
      const res = await client(second.url, unscopedKey).post(`/service-orders/${id}/response`, { serviceOrderId: id, status: 'COMPLETED' });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/^this agent key has no provider scope: .* An admin must issue a new agent key with providers \(POST \/api\/keys/);
      expect((await client(second.url, api.adminKey).get(`/service-orders/${id}`)).body.state).toBe('PROCESSING');
    });
  });
});

async function insertUnscopedAgentKey(databaseUrl: string, key: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`INSERT INTO api_keys (id, name, role, providers, hash, created_at) VALUES ($1, 'old agent', 'agent', '{}', $2, now())`, [key.slice(4, 16), createHash('sha256').update(key).digest('hex')]);
  } finally {
    await db.end();
  }
}
