import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '@signalbox/domain';
import { freePort, repoRoot } from '@signalbox/tools/infra';
import { runToExit, startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

let api: RunningApi;
let admin: Client;
// Agent keys are scoped to the providers they answer for.
const keyFor = async (role: string) => (await admin.post('/keys', { name: `${role}-key`, role, ...(role === 'agent' ? { providers: ['hss-main'] } : {}) })).body.key as string;

beforeAll(async () => {
  api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto' } });
  admin = client(api.url, api.adminKey);
});
afterAll(async () => {
  await api?.stop();
});

describe('bad input', () => {
  it('reports typos and unknown fields field by field', async () => {
    const res = await admin.post('/event-codes', { code: 'PORT_IN', eventTyp: 'PROVISIONING', name: 'Port in' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'ValidationError' });
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'eventTyp', message: 'unknown field "eventTyp"' },
        { path: 'eventType', message: 'is required' },
      ]),
    );
    const nested = await admin.post('/templates', { code: 'WELCOME_X', name: 'x', channel: 'sms', variants: [{ locale: 'en', colour: 'red' }] });
    expect(nested.status).toBe(422);
    expect(nested.body.problems).toEqual(expect.arrayContaining([{ path: 'variants.0.body', message: 'is required' }, { path: 'variants.0.colour', message: 'unknown field "colour"' }]));
  });

  it('answers 400 to malformed JSON and never leaks a stack', async () => {
    const res = await admin.raw('POST', '/event-types', '{"code": "BROKEN",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'BadRequest' });
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('refuses references to unknown entries', async () => {
    const res = await admin.post('/event-codes', { code: 'PORT_IN', eventType: 'NO_SUCH_TYPE', name: 'Port in' });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ path: 'eventType', message: 'event type NO_SUCH_TYPE does not exist' }]);
    const action = await admin.post('/action-codes', { code: 'HSS_X', actionType: 'provisioning', name: 'x', parameters: { provider: 'hss-main', serviceType: '/service/telco/gprs', action: 'Z' } });
    expect(action.status).toBe(422);
    expect(action.body.problems.map((p: { path: string }) => p.path)).toContain('parameters.action');
  });

  it('answers 404 for unknown codes, 409 for duplicates and a code that does not match the URL', async () => {
    expect((await admin.get('/event-codes/NO_SUCH_CODE')).status).toBe(404);
    expect((await admin.get('/workflows/NO_SUCH_CODE')).status).toBe(404);
    expect((await admin.get('/service-types/%2Fservice%2Fnone')).status).toBe(404);
    const types = (await admin.get('/event-types')).body.items;
    const dup = await admin.post('/event-types', types[0]);
    expect(dup.status).toBe(409);
    const mismatch = await admin.put(`/event-types/${types[0].code}`, { ...types[0], code: 'OTHER_CODE' });
    expect(mismatch.status).toBe(422);
  });
});

describe('integrity', () => {
  it('keeps published versions immutable', async () => {
    const version = await admin.get('/workflows/SIM_SWAP/versions/1');
    expect(version.status).toBe(200);
    expect((await admin.put('/workflows/SIM_SWAP/versions/1', { graph: version.body.graph })).status).toBe(409);
    expect((await admin.delete('/workflows/SIM_SWAP/versions/1')).status).toBe(409);
    expect((await admin.get('/workflows/SIM_SWAP/versions/1')).body).toEqual(version.body);
  });

  it('refuses to delete what is in use and lists the usages', async () => {
    const graph = (await admin.get('/workflows/SIM_SWAP/versions/1')).body.graph;
    const node = graph.nodes.find((n: { kind: string }) => n.kind === 'action');
    const usages = await admin.get(`/action-codes/${node.actionCode}/usages`);
    expect(usages.body.usages).toContainEqual({ kind: 'workflow', code: 'SIM_SWAP', version: 1, nodeId: node.id });
    const refused = await admin.delete(`/action-codes/${node.actionCode}`);
    expect(refused.status).toBe(409);
    expect(refused.body.usages).toContainEqual({ kind: 'workflow', code: 'SIM_SWAP', version: 1, nodeId: node.id });
    expect((await admin.get(`/action-codes/${node.actionCode}`)).status).toBe(200);

    expect((await admin.delete('/event-codes/SIM_SWAP')).status).toBe(409);
    expect((await admin.post('/event-types', { code: 'SPARE', name: 'Spare' })).status).toBe(201);
    expect((await admin.delete('/event-types/SPARE')).status).toBe(204);
    expect((await admin.get('/event-types/SPARE')).status).toBe(404);
  });
});

describe('roles', () => {
  it('lets each role do only its part', async () => {
    const viewer = client(api.url, await keyFor('viewer'));
    const analyst = client(api.url, await keyFor('analyst'));
    const agent = client(api.url, await keyFor('agent'));

    expect((await client(api.url).get('/event-codes')).status).toBe(401);
    expect((await client(api.url, 'sbx_000000000000_notarealkeyatallnotreal').get('/event-codes')).status).toBe(401);
    expect((await viewer.get('/auth/me')).body).toMatchObject({ name: 'viewer-key', role: 'viewer' });

    expect((await viewer.get('/event-codes')).status).toBe(200);
    expect((await viewer.post('/event-types', { code: 'VIEWER_TYPE', name: 'x' })).status).toBe(403);
    expect((await viewer.get('/keys')).status).toBe(403);

    expect((await analyst.post('/event-types', { code: 'ANALYST_TYPE', name: 'x' })).status).toBe(201);
    expect((await analyst.post('/workflows/TOP_UP/validate')).status).toBe(200);
    expect((await analyst.post('/workflows/TOP_UP/publish', {})).status).toBe(403);
    expect((await analyst.post('/providers', { code: 'analyst-prov', name: 'x', endpoints: ['http://127.0.0.1:1'] })).status).toBe(403);
    expect((await analyst.post('/catalog/import', { format: 'signalbox.catalog/v1' })).status).toBe(403);

    expect((await agent.get('/event-codes')).status).toBe(403);
    expect((await agent.post('/event-types', { code: 'AGENT_TYPE', name: 'x' })).status).toBe(403);
  });

  it('shows a key once, lists keys without secrets and stops a revoked key', async () => {
    const created = await admin.post('/keys', { name: 'temp', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sbx_[a-f0-9]{12}_/);
    const listed = await admin.get('/keys');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const temp = client(api.url, created.body.key);
    expect((await temp.get('/event-codes')).status).toBe(200);
    expect((await admin.delete(`/keys/${created.body.id}`)).status).toBe(204);
    expect((await temp.get('/event-codes')).status).toBe(401);
    expect((await admin.post('/keys', { name: 'x', role: 'superuser' })).status).toBe(422);
  });
});

describe('provider secrets', () => {
  it('are write-only and stored encrypted', async () => {
    const password = 'correct-horse-battery-staple';
    const created = await admin.post('/providers', { code: 'partner-web', name: 'Partner web app', endpoints: ['http://127.0.0.1:4399/partner'], auth: { type: 'basic', username: 'sbx', password } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.auth).toEqual({ type: 'basic', username: 'sbx', passwordSet: true });
    // What was read can be written back; the stored password is kept.
    const updated = await admin.put('/providers/partner-web', { ...created.body, name: 'Partner web application' });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.auth.passwordSet).toBe(true);
    for (const text of [JSON.stringify((await admin.get('/providers/partner-web')).body), JSON.stringify((await admin.get('/catalog/export')).body), JSON.stringify((await admin.get('/audit?kind=providers')).body)]) {
      expect(text).not.toContain(password);
    }
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT definition::text AS definition, secrets FROM providers WHERE code = 'partner-web'`);
      expect(rows[0].definition).not.toContain(password);
      expect(rows[0].secrets).toMatch(/^v1\./);
      expect(rows[0].secrets).not.toContain(password);
    } finally {
      await db.end();
    }
    expect((await admin.post('/providers/partner-web/effective')).body.state).toBe('effective');
    expect((await admin.post('/providers/partner-web/inactive')).body.state).toBe('inactive');
  });
});

describe('import', () => {
  it('writes nothing when any part of the document is wrong', async () => {
    const doc = {
      format: 'signalbox.catalog/v1',
      eventTypes: [{ code: 'IMPORTED_TYPE', name: 'Imported' }],
      eventCodes: [{ code: 'IMPORTED_CODE', eventType: 'MISSING_TYPE', name: 'Imported' }],
    };
    const res = await admin.post('/catalog/import', doc);
    expect(res.status).toBe(422);
    expect(res.body.problems).toContainEqual({ path: 'eventCodes.0.eventType', message: 'event type MISSING_TYPE does not exist' });
    expect((await admin.get('/event-types/IMPORTED_TYPE')).status).toBe(404);
    const typo = await admin.post('/catalog/import', { format: 'signalbox.catalog/v1', eventTypes: [{ code: 'IMPORTED_TYPE', nam: 'x' }] });
    expect(typo.status).toBe(422);
    expect(typo.body.problems).toContainEqual({ path: 'eventTypes.0.nam', message: 'unknown field "nam"' });
  });

  it('reports changes on a dry run without applying them', async () => {
    const type = (await admin.get('/event-types')).body.items[0];
    const doc = { format: 'signalbox.catalog/v1', eventTypes: [{ ...type, name: 'Renamed by import' }, { code: 'NEW_BY_IMPORT', name: 'New' }] };
    const dry = await admin.post('/catalog/import?dryRun=true', doc);
    expect(dry.body).toEqual({ dryRun: true, changes: [{ kind: 'event-types', code: type.code, change: 'update' }, { kind: 'event-types', code: 'NEW_BY_IMPORT', change: 'create' }] });
    expect((await admin.get(`/event-types/${type.code}`)).body.name).toBe(type.name);
    const applied = await admin.post('/catalog/import', doc);
    expect(applied.body.dryRun).toBe(false);
    expect((await admin.get(`/event-types/${type.code}`)).body.name).toBe('Renamed by import');
  });

  it('refuses a document that changes a published version', async () => {
    const exported = (await admin.get('/catalog/export')).body;
    const wf = exported.workflows.find((w: { eventCode: string }) => w.eventCode === 'TOP_UP');
    wf.versions[0].graph.nodes[0].label = 'Tampered';
    const res = await admin.post('/catalog/import', { format: exported.format, workflows: [wf] });
    expect(res.status).toBe(422);
    expect(res.body.problems[0].message).toMatch(/immutable/);
  });
});

describe('lists and audit', () => {
  it('paginates, sorts and filters', async () => {
    const all = await admin.get('/event-codes?sort=code&order=asc');
    const codes = all.body.items.map((e: { code: string }) => e.code);
    expect(codes).toEqual([...codes].sort());
    const page2 = await admin.get('/event-codes?sort=code&order=desc&pageSize=2&page=2');
    expect(page2.body).toMatchObject({ total: all.body.total, page: 2, pageSize: 2 });
    expect(page2.body.items.map((e: { code: string }) => e.code)).toEqual([...codes].reverse().slice(2, 4));
    const credit = await admin.get('/event-codes?eventType=CREDIT_CONTROL');
    // Exactly the demo catalog's credit-control codes (no test here adds one).
    const demoCredit = demoCatalog('http://127.0.0.1').eventCodes.filter((e) => e.eventType === 'CREDIT_CONTROL').map((e) => e.code).sort();
    expect(demoCredit.length).toBeGreaterThan(1);
    expect(credit.body.items.map((e: { code: string }) => e.code).sort()).toEqual(demoCredit);
    expect(credit.body.items.every((e: { eventType: string }) => e.eventType === 'CREDIT_CONTROL')).toBe(true);
    const search = await admin.get('/event-codes?q=swap');
    expect(search.body.items.map((e: { code: string }) => e.code)).toEqual(['SIM_SWAP']);
    // The provider filter follows every parameter the action types declare as a provider reference.
    const ocs = await admin.get('/action-codes?provider=ocs-main&pageSize=100');
    const demoOcs = demoCatalog('http://127.0.0.1').actionCodes.filter((a) => a.parameters?.provider === 'ocs-main').map((a) => a.code).sort();
    expect(demoOcs.length).toBeGreaterThan(1);
    expect(ocs.body.items.map((a: { code: string }) => a.code).sort()).toEqual(demoOcs);
    expect((await admin.get('/event-codes?sort=colour')).status).toBe(422);
    expect((await admin.get('/event-codes?pageSize=0')).status).toBe(422);
  });

  it('records who changed what', async () => {
    await admin.post('/event-types', { code: 'AUDITED', name: 'Audited' });
    await admin.put('/event-types/AUDITED', { code: 'AUDITED', name: 'Audited twice' });
    const res = await admin.get('/audit?kind=event-types&code=AUDITED');
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(res.body.items[0]).toMatchObject({ kind: 'event-types', code: 'AUDITED', actor: expect.stringContaining('bootstrap-admin'), details: { after: { name: 'Audited twice' } } });
  });
});

describe('startup errors', () => {
  const main = path.join(repoRoot(), 'apps/api/dist/main.js');

  it('names every invalid variable and exits 1 without a stack', async () => {
    const { code, output } = await runToExit([main], { PORT: 'eighty', SIGNALBOX_SECRET_KEY: 'short' });
    expect(code).toBe(1);
    expect(output).toMatch(/PORT: /);
    expect(output).toMatch(/DATABASE_URL: is required/);
    expect(output).toMatch(/SIGNALBOX_SECRET_KEY: must be 32 bytes/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('names an unreachable database without its password', async () => {
    const port = await freePort();
    const { code, output } = await runToExit([main], { DATABASE_URL: `postgres://sbx:hunter2@127.0.0.1:${port}/signalbox`, SIGNALBOX_SECRET_KEY: api.secretKey });
    expect(code).toBe(1);
    expect(output).toContain(`127.0.0.1:${port}`);
    expect(output).toContain('DATABASE_URL');
    expect(output).not.toContain('hunter2');
  });

  it('names a port already in use', async () => {
    const port = new URL(api.url).port;
    const { code, output } = await runToExit([main], { DATABASE_URL: api.databaseUrl, SIGNALBOX_SECRET_KEY: api.secretKey, PORT: port, TEMPORAL_ADDRESS: '127.0.0.1:9' });
    expect(code).toBe(1);
    expect(output).toContain(`port ${port}`);
    expect(output).toContain('PORT=');
  });
});
