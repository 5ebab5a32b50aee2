import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES, demoCatalog } from '@signalbox/domain';
import { createTestDatabase, repoRoot } from '@signalbox/tools/infra';
import { runToExit, startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';
import { insertOpenOrder } from './support/service-order-row';

describe('health, OpenAPI and read-only endpoints', () => {
  let api: RunningApi;
  let admin: Client;

  beforeAll(async () => {
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto' } });
    admin = client(api.url, api.adminKey);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('reports each dependency without authentication', async () => {
    const res = await client(api.url).get('/health');
    expect(res.body.checks.database).toEqual({ status: 'up', latencyMs: expect.any(Number) });
    if (process.env.TEMPORAL_ADDRESS) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', checks: { temporal: { status: 'up' } } });
    } else {
      // startApi points TEMPORAL_ADDRESS at a closed port.
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', checks: { temporal: { status: 'down' } } });
    }
  });

  it('serves OpenAPI with the zod-derived schemas', async () => {
    const res = await fetch(`${api.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/event-codes', '/api/workflows/{eventCode}/publish', '/api/catalog/import']));
    expect(doc.components.schemas.PublishDto.properties).toHaveProperty('fromVersion');
    expect((await fetch(`${api.url}/api/docs`)).status).toBe(200);
  });

  it('lists the action types registered in code', async () => {
    const res = await admin.get('/action-types');
    expect(res.body.items.map((t: { key: string }) => t.key).sort()).toEqual(ACTION_TYPES.map((t) => t.key).sort());
    expect((await admin.get('/action-types/provisioning')).body.parametersSchema).toHaveProperty('properties');
    expect((await admin.get('/action-types/teleport')).status).toBe(404);
  });

  it('previews a template with sample data and with given data', async () => {
    const sms = (await admin.get('/templates?channel=sms')).body.items[0];
    const preview = await admin.post(`/templates/${sms.code}/preview`, { subject: { msisdn: '447700900999', accountId: 'ACC-9' }, data: { amount: 12 } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ code: sms.code, channel: 'sms', locale: sms.defaultLocale });
    expect(preview.body.body).not.toContain('{{');
    // A locale no variant has falls back to the default, as a run's message does; one that is not a locale is refused.
    expect((await admin.post(`/templates/${sms.code}/preview`, { locale: 'xx' })).body).toMatchObject({ locale: sms.defaultLocale, requestedLocale: 'xx' });
    const bad = await admin.post(`/templates/${sms.code}/preview`, { locale: 'english' });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual([{ path: 'locale', message: expect.stringContaining('locale') }]);
  });

  it('previews the variant a run would pick: a locale that only matches by language', async () => {
    const code = `PREVIEW_LANG_${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await admin.post('/templates', {
      code,
      name: 'Language fallback',
      channel: 'sms',
      defaultLocale: 'en',
      variants: [
        { locale: 'en', body: 'Hello {{ data.firstName }}' },
        { locale: 'pt-PT', body: 'Olá {{ data.firstName }}' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // pt-BR: no exact variant and no plain "pt": another region of the language wins over the default.
    const brazil = await admin.post(`/templates/${code}/preview`, { locale: 'pt-BR', data: { firstName: 'Ana' } });
    expect(brazil.status, JSON.stringify(brazil.body)).toBe(200);
    expect(brazil.body).toMatchObject({ locale: 'pt-PT', requestedLocale: 'pt-BR', body: 'Olá Ana' });
    // Without a locale the event data's locale decides, as in a run.
    expect((await admin.post(`/templates/${code}/preview`, { data: { firstName: 'Ana', locale: 'pt' } })).body).toMatchObject({ locale: 'pt-PT', body: 'Olá Ana' });
    expect((await admin.post(`/templates/${code}/preview`, { locale: 'de', data: { firstName: 'Ana' } })).body).toMatchObject({ locale: 'en', body: 'Hello Ana' });
  });

  it('rolls a workflow back by republishing an older version', async () => {
    const first = await admin.post('/workflows/TOP_UP/publish', { note: 'again' });
    expect(first.status).toBe(201);
    const rollback = await admin.post('/workflows/TOP_UP/publish', { fromVersion: 1, note: 'roll back' });
    expect(rollback.status).toBe(201);
    expect(rollback.body.version).toBe(first.body.version + 1);
    const v1 = (await admin.get('/workflows/TOP_UP/versions/1')).body;
    const latest = (await admin.get(`/workflows/TOP_UP/versions/${rollback.body.version}`)).body;
    expect(latest.graph).toEqual(v1.graph);
    expect(latest.note).toBe('roll back');
    expect((await admin.post('/workflows/TOP_UP/publish', { fromVersion: 99 })).status).toBe(404);
  });

  it('lists service orders by service and creation time; bad filters are 422 field by field', async () => {
    const serviceKey = `svc-ops-${randomBytes(3).toString('hex')}`;
    const id = await insertOpenOrder(api.databaseUrl, 'hss-main', serviceKey);
    const hour = 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const inRange = await admin.get(`/service-orders?serviceId=${serviceKey}&from=${iso(Date.now() - hour)}&to=${iso(Date.now() + hour)}`);
    expect(inRange.status, JSON.stringify(inRange.body)).toBe(200);
    expect(inRange.body.items.map((o: { id: string }) => o.id)).toEqual([id]);
    expect((await admin.get(`/service-orders?serviceId=${serviceKey}&from=${iso(Date.now() + hour)}`)).body.total).toBe(0);
    expect((await admin.get(`/service-orders?serviceId=${serviceKey}&runWorkflowId=run:NONE:x`)).body.total).toBe(0);
    const bad = await admin.get('/service-orders?msisdn=abc&from=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['from', 'msisdn']);
  });
});

describe('the CLI', () => {
  it('migrates a database and loads the demo catalog into it', async () => {
    const db = await createTestDatabase();
    const cli = path.join(repoRoot(), 'apps/api/dist/cli.js');
    const env = { DATABASE_URL: db.url, SIGNALBOX_SECRET_KEY: randomBytes(32).toString('base64') };
    let api: RunningApi | undefined;
    try {
      const migrated = await runToExit([cli, 'migrate'], env);
      expect(migrated.output).toContain('migrations are up to date');
      expect(migrated.code).toBe(0);
      const loaded = await runToExit([cli, 'demo:load', '--simulator-url', 'http://127.0.0.1:4398'], env);
      expect(loaded.code, loaded.output).toBe(0);
      expect(loaded.output).toMatch(/demo catalog loaded .* \d+ created/);
      const again = await runToExit([cli, 'demo:load', '--simulator-url', 'http://127.0.0.1:4398'], env);
      expect(again.output).toMatch(/0 created, 0 updated/);
      expect((await runToExit([cli, 'demo:lod'], env)).code).toBe(2);

      api = await startApi({ databaseUrl: db.url, env: { SIGNALBOX_SECRET_KEY: env.SIGNALBOX_SECRET_KEY } });
      const providers = (await client(api.url, api.adminKey).get('/providers')).body.items as { endpoints: string[] }[];
      expect(providers).toHaveLength(demoCatalog('http://127.0.0.1:4398').providers.length);
      expect(providers.every((p) => p.endpoints.every((e) => e.startsWith('http://127.0.0.1:4398')))).toBe(true);
    } finally {
      await api?.stop();
      await db.drop();
    }
  }, 240_000); // two CLI runs, a migration and an API start: minutes on a loaded machine
});

describe('batches while Temporal is unreachable', () => {
  let api: RunningApi;

  beforeAll(async () => {
    // Port 9 (discard) is closed here: every Temporal call fails on the way.
    api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', TEMPORAL_ADDRESS: '127.0.0.1:9' } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('answers 503 saying nothing was created, and keeps nothing', async () => {
    const admin = client(api.url, api.adminKey);
    const code = `down-${randomBytes(3).toString('hex')}`;
    const res = await admin.post('/batches', { code, eventCode: 'TOP_UP', csv: 'msisdn\n447700900123\n', schedule: { kind: 'cron', cron: '0 2 * * *' } });
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    expect(res.body.message).toMatch(/^Temporal did not answer .*; the batch was not created$/);
    expect((await admin.get(`/batches/${code}`)).status).toBe(404);
  });
});
