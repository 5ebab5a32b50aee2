// Catalog reads are cached per catalog revision (apps/api/src/catalog-cache): a counter row the
// database bumps in the same transaction as every catalog write. Two API processes on one
// database: whatever one writes — or anyone writes with SQL — the other's next request shows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

const tag = () => randomBytes(3).toString('hex').toUpperCase();
const graph = {
  nodes: [
    { id: 'start', kind: 'start' },
    { id: 'end', kind: 'end', result: 'completed' },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'end' }],
};

describe('catalog reads cached per revision, across API processes', () => {
  const eventType = `CACHE_${tag()}`;
  let a: RunningApi;
  let b: RunningApi;
  let onA: Client;
  let onB: Client;

  beforeAll(async () => {
    a = await startApi();
    // The same database and secret key: the production topology of several APIs behind a balancer.
    b = await startApi({ databaseUrl: a.databaseUrl, env: { SIGNALBOX_SECRET_KEY: a.secretKey } });
    onA = client(a.url, a.adminKey);
    onB = client(b.url, b.adminKey);
    expect((await onA.post('/event-types', { code: eventType, name: 'Cache tests' })).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  const codesOn = async (api: Client) => ((await api.get('/event-codes?pageSize=200')).body.items as { code: string; name: string }[]);

  it("shows a write made on one process in the other's next answer", async () => {
    const code = `CACHE_${tag()}`;
    // B has the list cached before the write.
    expect((await codesOn(onB)).map((c) => c.code)).not.toContain(code);
    expect((await codesOn(onB)).map((c) => c.code)).not.toContain(code);

    expect((await onA.post('/event-codes', { code, eventType, name: 'Before' })).status).toBe(201);
    expect((await codesOn(onB)).find((c) => c.code === code)).toMatchObject({ name: 'Before' });

    expect((await onA.put(`/event-codes/${code}`, { code, eventType, name: 'After' })).status).toBe(200);
    expect((await codesOn(onB)).find((c) => c.code === code)).toMatchObject({ name: 'After' });

    expect((await onA.delete(`/event-codes/${code}`)).status).toBe(204);
    expect((await codesOn(onB)).map((c) => c.code)).not.toContain(code);
  });

  it("shows a draft saved and a version published on one process in the other's workflow answer", async () => {
    const code = `CACHE_WF_${tag()}`;
    expect((await onA.post('/event-codes', { code, eventType, name: 'Cached workflow' })).status).toBe(201);
    const before = await onB.get(`/workflows/${code}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ versions: [], draftUpdatedAt: null });

    expect((await onA.put(`/workflows/${code}/draft`, { graph })).status).toBe(200);
    const drafted = await onB.get(`/workflows/${code}`);
    expect(drafted.body.draft.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'end']);
    expect(drafted.body.draftUpdatedAt).not.toBeNull();

    const published = await onA.post(`/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect((await onB.get(`/workflows/${code}`)).body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it('moves the revision on a write made outside the API, in SQL', async () => {
    const code = `CACHE_SQL_${tag()}`;
    expect((await onA.post('/event-codes', { code, eventType, name: 'Written by the API' })).status).toBe(201);
    expect((await codesOn(onB)).find((c) => c.code === code)).toMatchObject({ name: 'Written by the API' });
    const db = new pg.Client({ connectionString: a.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE event_codes SET definition = jsonb_set(definition, '{name}', '"Written in SQL"') WHERE code = $1`, [code]);
    } finally {
      await db.end();
    }
    expect((await codesOn(onA)).find((c) => c.code === code)).toMatchObject({ name: 'Written in SQL' });
    expect((await codesOn(onB)).find((c) => c.code === code)).toMatchObject({ name: 'Written in SQL' });
  });

  it('answers 304 to a client that sends the current ETag, and 200 with the new one after a write', async () => {
    const url = `${b.url}/api/event-codes`;
    const headers = { authorization: `Bearer ${b.adminKey}` };
    const first = await fetch(url, { headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"catalog-\d+"$/);
    await first.text();
    const unchanged = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    await unchanged.text();

    expect((await onA.post('/event-codes', { code: `CACHE_TAG_${tag()}`, eventType, name: 'Moves the revision' })).status).toBe(201);
    const changed = await fetch(url, { headers: { ...headers, 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    await changed.text();
  });

  it('still refuses a caller without a key: the cache sits behind authentication', async () => {
    expect((await client(b.url).get('/event-codes')).status).toBe(401);
    const viewer = await onA.post('/keys', { name: `viewer-${tag()}`, role: 'viewer' });
    expect(viewer.status).toBe(201);
    expect((await client(b.url, viewer.body.key).get('/event-codes')).status).toBe(200);
    expect((await onA.delete(`/keys/${viewer.body.id}`)).status).toBe(204);
    expect((await client(b.url, viewer.body.key).get('/event-codes')).status).toBe(401);
  });

  it('refuses a key revoked in SQL on the next request, while the other process is busy answering it', async () => {
    const viewer = await onA.post('/keys', { name: `busy-${tag()}`, role: 'viewer' });
    expect(viewer.status).toBe(201);
    const onBAsViewer = client(b.url, viewer.body.key);
    // B remembers the key and has revision reads in flight and queued when the revocation commits.
    let stop = false;
    let answered = 0;
    let allAnswered!: () => void;
    const warm = new Promise<void>((resolve) => (allAnswered = resolve));
    const load = Array.from({ length: 20 }, async () => {
      const statuses: number[] = [];
      while (!stop) {
        statuses.push((await onBAsViewer.get('/event-codes?pageSize=5')).status);
        if (statuses.length === 1 && ++answered === 20) allAnswered();
      }
      return statuses;
    });
    await warm;
    const db = new pg.Client({ connectionString: a.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [viewer.body.id]);
    } finally {
      await db.end();
    }
    const after = await onBAsViewer.get('/event-codes?pageSize=5');
    stop = true;
    const seen = (await Promise.all(load)).flat();
    expect(after.status).toBe(401);
    expect(seen).toContain(200);
    expect(seen.every((status) => status === 200 || status === 401)).toBe(true);
  });
});
