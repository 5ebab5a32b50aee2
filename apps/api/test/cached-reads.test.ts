// Catalog lists and workflow reads are answered before Nest's router when they would succeed
// (apps/api/src/catalog-cache/cached-reads.middleware.ts); everything else must still get Nest's
// answers, word for word: these are the cases a typo or a wrong key makes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

const tag = () => randomBytes(3).toString('hex').toUpperCase();

describe('cached catalog reads answered before Nest', () => {
  let api: RunningApi;
  let admin: Client;
  const eventType = `FAST_${tag()}`;
  const codes = [`FAST_A_${tag()}`, `FAST_B_${tag()}`, `FAST_C_${tag()}`];

  beforeAll(async () => {
    api = await startApi();
    admin = client(api.url, api.adminKey);
    expect((await admin.post('/event-types', { code: eventType, name: 'Fast path tests' })).status).toBe(201);
    for (const code of codes) expect((await admin.post('/event-codes', { code, eventType, name: `Name of ${code}` })).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('answers a list with its filter, sort and paging', async () => {
    const res = await admin.get(`/event-codes?eventType=${eventType}&sort=code&order=desc&pageSize=2`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(res.body.items.map((c: { code: string }) => c.code)).toEqual([...codes].sort().reverse().slice(0, 2));
  });

  it('leaves a bad query to the validation pipe, field by field', async () => {
    const res = await admin.get(`/event-codes?pageSize=5000&ordr=desc`);
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'pageSize', message: 'must be at most 200' },
        { path: 'ordr', message: expect.stringMatching(/unknown/) },
      ]),
    );
    // Text that cannot be stored or searched for is refused by the text rules, as on every route.
    const nul = await admin.get(`/event-codes?q=A%00B`);
    expect(nul.status).toBe(422);
    expect(nul.body.problems).toEqual([expect.objectContaining({ path: 'q', message: expect.stringMatching(/NUL/) })]);
  });

  it('leaves a missing, malformed, unknown or revoked key to the guard', async () => {
    expect((await client(api.url).get('/event-codes')).body.message).toMatch(/an API key is required/);
    const malformed = await fetch(`${api.url}/api/event-codes`, { headers: { authorization: `Token ${api.adminKey}` } });
    expect(malformed.status).toBe(401);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/must be "Bearer <key>"/);
    const unknown = await client(api.url, 'sbx_0123456789ab_notarealsecretnotarealsecret').get('/workflows/' + codes[0]);
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('unknown or revoked API key');

    const viewer = await admin.post('/keys', { name: `fast-${tag()}`, role: 'viewer' });
    expect(viewer.status).toBe(201);
    const asViewer = client(api.url, viewer.body.key);
    expect((await asViewer.get(`/workflows/${codes[0]}`)).status).toBe(200);
    expect((await admin.delete(`/keys/${viewer.body.id}`)).status).toBe(204);
    expect((await asViewer.get(`/workflows/${codes[0]}`)).status).toBe(401);
    // The same key in X-Api-Key is refused too.
    const viaHeader = await fetch(`${api.url}/api/event-codes`, { headers: { 'x-api-key': viewer.body.key } });
    expect(viaHeader.status).toBe(401);
  });

  it('leaves an unknown workflow to Nest (404) and decodes an encoded code', async () => {
    const missing = await admin.get(`/workflows/NO_SUCH_${tag()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/does not exist|not found/i);
    expect((await admin.get(`/workflows/%E0%A4%A`)).status).toBe(400);
    const encoded = await admin.get(`/workflows/${encodeURIComponent(codes[1]!).replace(/_/g, '%5F')}`);
    expect(encoded.status).toBe(200);
    expect(encoded.body).toMatchObject({ eventCode: codes[1], versions: [] });
  });

  it('answers another reading role like any reader, and a route below a workflow through Nest', async () => {
    const operator = await admin.post('/keys', { name: `operator-${tag()}`, role: 'operator' });
    expect(operator.status).toBe(201);
    const asOperator = client(api.url, operator.body.key);
    const list = await asOperator.get(`/event-codes?eventType=${eventType}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    expect((await admin.get(`/workflows/${codes[2]}/versions`)).status).toBe(200);
  });
});
