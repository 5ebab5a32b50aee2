import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

/** What a new user runs into with curl: typos, wrong types, unencoded names, non-JSON bodies. */
describe('the API answers a new user’s mistakes clearly', () => {
  let api: RunningApi;
  let admin: Client;
  const password = 'first-use-Pa55word-never-shown';

  const send = async (method: string, path: string, init: { body?: string; headers?: Record<string, string>; auth?: string } = {}) => {
    const res = await fetch(`${api.url}/api${path}`, {
      method,
      headers: { authorization: init.auth ?? `Bearer ${api.adminKey}`, ...init.headers },
      body: init.body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto' } });
    admin = client(api.url, api.adminKey);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('says which type a field needs instead of "is required" or zod jargon', async () => {
    const res = await admin.post('/event-codes', { code: 'NEW_CODE', name: 5, eventType: 'DEVICE', enabled: 'yes' });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { path: 'name', message: 'must be a string, not a number' },
      { path: 'enabled', message: 'must be a boolean, not a string' },
    ]);
    const provider = await admin.post('/providers', { code: 'bss-y', name: 'BSS', endpoints: ['http://x/'], protocol: 'HTTP', auth: { type: 'basci' }, endpointz: [] });
    expect(provider.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'protocol', message: 'must be one of http, tcp, file, sms, push, letter (values are case-sensitive: did you mean http?)' },
        { path: 'auth.type', message: 'must be one of none, basic, header, signature, bearer' },
        { path: 'endpointz', message: 'unknown field "endpointz"' },
      ]),
    );
    const tooFew = await admin.post('/service-types', { code: '/service/x', name: 'X', fields: ['msisdn'], transitions: [] });
    expect(tooFew.body.problems).toEqual([{ path: 'transitions', message: 'needs at least 1 item' }]);
  });

  it('refuses a body that is not JSON, missing or not an object, with what to send instead', async () => {
    const form = await send('POST', '/event-codes', { body: 'code=NEW_CODE', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body.message).toContain('Content-Type: application/json');
    const text = await send('PUT', '/workflows/SIM_SWAP/draft', { body: '{"graph":{"nodes":[],"edges":[]}}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const missing = await send('POST', '/event-codes');
    expect(missing).toMatchObject({ status: 400, body: { message: expect.stringContaining('the request body is missing') } });
    const nullBody = await send('POST', '/event-codes', { body: 'null', headers: { 'content-type': 'application/json' } });
    expect(nullBody).toMatchObject({ status: 400, body: { message: 'the request body must be a JSON object' } });
    const broken = await admin.raw('POST', '/event-codes', '{"code":');
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/^malformed JSON in the request body/);
    const charset = await send('POST', '/event-codes', { body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } });
    expect(charset).toMatchObject({ status: 415, body: { error: 'UnsupportedMediaType' } });
  });

  it('answers a NUL character with 422 instead of an internal error, and writes nothing', async () => {
    const created = await admin.post('/event-types', { code: 'NUL_TYPE', name: 'a\u0000b' });
    expect(created.status).toBe(422);
    expect(created.body.problems[0].message).toContain('NUL character');
    expect((await admin.get('/event-types/NUL_TYPE')).status).toBe(404);
    expect((await admin.get('/event-codes?q=%00')).status).toBe(422);
    expect((await admin.get('/event-codes/A%00B')).status).toBe(422);
    expect(api.output()).not.toContain('InternalServerError');
  });

  it('rejects a typo in a filter value instead of answering an empty page', async () => {
    expect((await admin.get('/providers?state=effectiv')).body.problems).toEqual([{ path: 'state', message: 'must be one of draft, effective, inactive' }]);
    expect((await admin.get('/templates?channel=SMS')).status).toBe(422);
    expect((await admin.get('/inbound-events?level=acount')).status).toBe(422);
    expect((await admin.get('/action-codes?actionType=provisionig')).body.problems[0].path).toBe('actionType');
    expect((await admin.get('/providers?state=effective')).status).toBe(200);
  });

  it('points at the right spelling of a code and at URL-encoding', async () => {
    const lower = await admin.get('/event-codes/sim_swap');
    expect(lower).toMatchObject({ status: 404, body: { message: expect.stringContaining('did you mean SIM_SWAP?') } });
    expect((await admin.get('/workflows/sim_swap')).body.message).toContain('did you mean SIM_SWAP?');
    const unencoded = await admin.get('/inbound-events/Account/New');
    expect(unencoded.status).toBe(404);
    expect(unencoded.body.message).toContain('Account%2FNew');
    expect((await admin.get('/service-types/service/telco/gprs')).body.message).toContain('%2F');
    expect((await admin.get('/event-codes/%FF')).status).toBe(400);
  });

  it('reports a renaming PUT together with the other problems of the body', async () => {
    const res = await admin.put('/event-codes/SIM_SWAP', { code: 'SIM_SWOP', name: 7, eventType: 'DEVICE' });
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(['code', 'name']);
  });

  it('quotes a broken template placeholder once', async () => {
    const res = await admin.post('/templates', { code: 'T_BROKEN', name: 'x', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hi {{ subject.msisdn ' }] });
    expect(res.status).toBe(422);
    expect(res.body.problems[0].message).not.toContain('{{ {{');
    expect(res.body.problems[0].message).toContain('never closed');
  });

  it('validates version numbers in paths and queries field by field', async () => {
    expect((await admin.get('/workflows/SIM_SWAP/versions/abc')).body).toMatchObject({ statusCode: 422, problems: [{ path: 'version' }] });
    expect((await admin.get('/workflows/SIM_SWAP/versions/99')).body.message).toBe('SIM_SWAP has no version 99');
    expect((await admin.get('/workflows/SIM_SWAP/diff')).body.problems).toEqual([{ path: 'from', message: 'is required' }]);
    expect((await admin.get('/workflows/SIM_SWAP/diff?from=1&to=x')).body.problems[0].path).toBe('to');
    expect((await admin.get('/workflows/SIM_SWAP/diff?from=1&to=draft')).status).toBe(200);
  });

  it('accepts the Bearer scheme in any case and explains a bare key', async () => {
    expect((await send('GET', '/auth/me', { auth: `bearer ${api.adminKey}` })).status).toBe(200);
    const bare = await send('GET', '/auth/me', { auth: api.adminKey });
    expect(bare).toMatchObject({ status: 401, body: { message: expect.stringContaining('Bearer <key>') } });
  });

  it('documents the query parameters of list endpoints', async () => {
    const doc = (await (await fetch(`${api.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const names = (path: string) => (doc.paths[path].get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names('/api/event-codes')).toEqual(expect.arrayContaining(['page', 'pageSize', 'sort', 'order', 'q', 'eventType', 'enabled']));
    expect(names('/api/providers')).toEqual(expect.arrayContaining(['state', 'protocol']));
    expect(names('/api/workflows')).toEqual(expect.arrayContaining(['page', 'sort', 'eventType']));
    expect(names('/api/audit')).toEqual(expect.arrayContaining(['page', 'kind', 'actor']));
  });

  it('starts quietly and never logs a provider password', async () => {
    const created = await admin.post('/providers', { code: 'first-use', name: 'P', endpoints: ['http://x/'], auth: { type: 'basic', username: 'u', password } });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain(password);
    expect((await admin.post('/providers', { code: 'first-use', name: 'P', endpoints: ['http://x/'], auth: { type: 'basic', username: 'u', password } })).status).toBe(409);
    expect(JSON.stringify((await admin.get('/audit?pageSize=200')).body)).not.toContain(password);
    expect(JSON.stringify((await admin.get('/catalog/export')).body)).not.toContain(password);
    const output = api.output();
    expect(output).not.toContain(password);
    expect(output).toContain('API listening on');
    expect(output).not.toMatch(/RouterExplorer|RoutesResolver|InstanceLoader/);
  });
});
