import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporal } from '@signalbox/tools/infra';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';
import { insertOpenOrder } from './support/service-order-row';
import { withHealthWatched } from './support/health-watch';

// Issue 16, second wave: the test run of a draft and a catalog import validate workflows on an
// evaluation thread (as validate and publish do), and a provider's answer to an order is bounded.

let temporal: Awaited<ReturnType<typeof startTemporal>>;
let api: RunningApi;
let admin: Client;

// Temporal runs so that /api/health answers for real (without it, health waits on Temporal's ping).
beforeAll(async () => {
  temporal = await startTemporal();
  // A generous evaluation limit: the heavy draft is validated to the end, not stopped.
  api = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EVALUATION_TIMEOUT_MS: '300000', TEMPORAL_ADDRESS: temporal.address } });
  admin = client(api.url, api.adminKey);
}, 180_000);
afterAll(async () => {
  await api?.stop();
  await temporal?.stop();
});

/**
 * A chain of decisions, each testing one long path (400 steps: ~1,900 characters): seconds of
 * expression checking in all. `conditionOf` replaces the conditions.
 */
function heavyDraft(count: number, steps = 400, conditionOf?: (i: number) => string) {
  const path = `data.${Array.from({ length: steps }, (_, i) => `f${i}`).join('.')}`;
  const nodes: object[] = [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }];
  const edges: object[] = [{ id: 'e-start', source: 'start', sourceHandle: 'next', target: 'd0' }];
  for (let i = 0; i < count; i++) {
    // The last condition is broken, so the run is refused once every expression has been checked.
    const condition = conditionOf?.(i) ?? (i === count - 1 ? 'data.amount >' : `${path} > ${i}`);
    nodes.push({ id: `d${i}`, kind: 'decision', branches: [{ id: 'yes', condition }] });
    edges.push({ id: `e${i}-yes`, source: `d${i}`, sourceHandle: 'yes', target: 'end' });
    edges.push({ id: `e${i}-no`, source: `d${i}`, sourceHandle: 'default', target: i + 1 < count ? `d${i + 1}` : 'end' });
  }
  return { nodes, edges };
}

describe('test run of a draft', () => {
  it('validates a draft of 600 heavy decisions off the event loop, then refuses it naming the broken one', async () => {
    const code = `HEAVY_${randomUUID().slice(0, 6).toUpperCase()}`;
    expect((await admin.post('/event-codes', { code, eventType: 'PROVISIONING', name: 'Heavy draft (test)' })).status).toBe(201);
    const draft = heavyDraft(600);
    const saved = await admin.put(`/workflows/${code}/draft`, { graph: draft });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    // The draft is read from the database as text and parsed on the evaluation thread.
    const res = await withHealthWatched(api, () => admin.post(`/workflows/${code}/test-run`, { subject: { msisdn: '447700900123' } }));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    expect(res.body.message).toBe(`the draft of ${code} cannot run: fix its errors first`);
    expect(res.body.problems).toEqual([expect.objectContaining({ severity: 'error', nodeId: 'd599', field: 'branches.0.condition' })]);
  });
});

describe('draft', () => {
  it('saves a draft of 8 MB (1,998 decisions of 4,000-character expressions) and reads it back while the API keeps answering', async () => {
    const code = `BIG_${Date.now().toString(36).toUpperCase()}`;
    expect((await admin.post('/event-codes', { code, eventType: 'PROVISIONING', name: 'Big draft (test)' })).status).toBe(201);
    // Each condition nests 1,992 brackets: about 4,000 characters, refused quickly when validated.
    const deep = `${'('.repeat(1992)}data.amount > 1${')'.repeat(1992)}`;
    const body = JSON.stringify({ graph: heavyDraft(1998, 1, () => deep) });
    expect(body.length).toBeGreaterThan(8_000_000);
    const res = await withHealthWatched(api, () => admin.raw('PUT', `/workflows/${code}/draft`, body));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body).toMatchObject({ eventCode: code, nodes: 2000, edges: 3997 });
    // Stored as sent: the saved draft validates to the same problems.
    const saved = await admin.post(`/workflows/${code}/validate`, {});
    expect(saved.body.problems.filter((p: { message: string }) => p.message.includes('nests brackets 1992 deep'))).toHaveLength(1998);
    // Read back as text inside the watch (parsing 8 MB here would stall this process's own polling).
    const read = await withHealthWatched(api, async () => {
      const got = await fetch(`${api.url}/api/workflows/${code}`, { headers: { authorization: `Bearer ${api.adminKey}` } });
      return { status: got.status, type: got.headers.get('content-type'), text: await got.text() };
    });
    expect(read.status).toBe(200);
    expect(read.type).toMatch(/^application\/json/);
    expect(read.text.length).toBeGreaterThan(8_000_000);
    const workflow = JSON.parse(read.text);
    expect(workflow).toMatchObject({ eventCode: code, draftUpdatedAt: expect.any(String), versions: [], catalogChangedSince: null });
    expect(workflow.draft.nodes).toHaveLength(2000);
    expect(workflow.draft.nodes.find((n: { id: string }) => n.id === 'd1997').branches[0].condition).toBe(deep);
  });
});

describe('publishing a large graph', () => {
  it('publishes a draft of 4 MB and reads the version back without parsing it on the event loop, while the API keeps answering', async () => {
    const code = `PUB_${randomUUID().slice(0, 6).toUpperCase()}`;
    expect((await admin.post('/event-codes', { code, eventType: 'PROVISIONING', name: 'Large publish (test)' })).status).toBe(201);
    // 1,998 decisions (the node cap), each comparing with a 2,000-character text: valid and publishable.
    const long = 'x'.repeat(2000);
    const body = JSON.stringify({ graph: heavyDraft(1998, 1, (i) => `data.note = "${long}${i}"`) });
    expect(body.length).toBeGreaterThan(4_000_000);
    expect((await admin.raw('PUT', `/workflows/${code}/draft`, body)).status).toBe(200);
    const published = await withHealthWatched(api, () => admin.post(`/workflows/${code}/publish`, { note: 'large' }));
    expect(published.status, JSON.stringify(published.body).slice(0, 300)).toBe(201);
    expect(published.body).toEqual({ version: 1 });
    const read = await withHealthWatched(api, async () => {
      const got = await fetch(`${api.url}/api/workflows/${code}/versions/1`, { headers: { authorization: `Bearer ${api.adminKey}` } });
      return { status: got.status, type: got.headers.get('content-type'), text: await got.text() };
    });
    expect(read.status).toBe(200);
    expect(read.type).toMatch(/^application\/json/);
    const version = JSON.parse(read.text);
    expect(version).toMatchObject({ eventCode: code, version: 1, note: 'large', publishedBy: expect.any(String), catalog: expect.any(Object) });
    expect(version.graph.nodes).toHaveLength(2000);
    expect(version.graph.nodes.find((n: { id: string }) => n.id === 'd1997').branches[0].condition).toBe(`data.note = "${long}1997"`);
    // The stored version is what was validated: a rollback publish copies it again as version 2.
    expect((await admin.post(`/workflows/${code}/publish`, { fromVersion: 1 })).body).toEqual({ version: 2 });
    const diff = await admin.get(`/workflows/${code}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({ nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] }, notes: { added: [], removed: [], changed: [] }, groups: { added: [], removed: [], changed: [] }, catalog: [] });
  });
});

describe('workflow validation', () => {
  // Here, not in evaluation-bounds.test.ts: that API stops evaluations at 3 s of wall clock, which a
  // loaded machine spends on this graph before finishing it (seen at load 17 on 2 cores).
  it('validates 1,998 decisions (the node cap) of 4,000-character nested expressions with a problem per node, and the API keeps answering', async () => {
    const deep = `${'('.repeat(1992)}data.amount > 1${')'.repeat(1992)}`;
    // Serialised before the watch: stringifying 8 MB would stall this test process's own polling.
    const body = JSON.stringify({ graph: heavyDraft(1998, 1, () => deep) });
    expect(body.length).toBeGreaterThan(8_000_000);
    const res = await withHealthWatched(api, () => admin.raw('POST', '/workflows/TOP_UP/validate', body));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.valid).toBe(false);
    const nestedProblems = res.body.problems.filter((p: { field?: string; message: string }) => p.message.includes('nests brackets 1992 deep'));
    expect(nestedProblems).toHaveLength(1998);
    expect(nestedProblems[0]).toMatchObject({ severity: 'error', field: 'branches.0.condition' });
  });
});

describe('batch raise', () => {
  it('checks a batch of 1,000 events (about 5 MB) off the event loop and refuses it naming the bad one; nothing starts', async () => {
    const data = { lines: Array.from({ length: 100 }, (_, j) => ({ k: `v${j}`.repeat(10), n: j })) };
    const events = Array.from({ length: 1000 }, (_, i) => ({ eventCode: i === 999 ? 'NO_SUCH_CODE' : 'TOP_UP', subject: { msisdn: '447700900123', accountId: `A${i}` }, data }));
    // Serialised before the watch: stringifying megabytes would stall this process's own polling.
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(4_000_000);
    const res = await withHealthWatched(api, () => admin.raw('POST', '/events/batch', body));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    expect(res.body.problems).toEqual([{ path: 'events.999.eventCode', message: 'event code NO_SUCH_CODE does not exist' }]);
  });
});

describe('catalog import', () => {
  let quick: RunningApi;
  // An API whose evaluation threads stop after 1 s: only validation on a thread can be stopped.
  beforeAll(async () => {
    quick = await startApi({ env: { SIGNALBOX_DEMO_CATALOG: 'auto', SIGNALBOX_EVALUATION_TIMEOUT_MS: '1000', TEMPORAL_ADDRESS: temporal.address } });
  }, 180_000);
  afterAll(async () => {
    await quick?.stop();
  });

  it('validates the new version of a heavy workflow on an evaluation thread, which stops it at the time limit; nothing is imported', async () => {
    const code = `HEAVY_${randomUUID().slice(0, 6).toUpperCase()}`;
    const graph = heavyDraft(1200, 700);
    const doc = {
      format: 'signalbox.catalog/v1',
      eventCodes: [{ code, eventType: 'PROVISIONING', name: 'Heavy import (test)' }],
      workflows: [{ eventCode: code, draft: { nodes: [], edges: [] }, versions: [{ eventCode: code, version: 1, graph, publishedAt: new Date().toISOString() }] }],
    };
    const importer = client(quick.url, quick.adminKey);
    const body = JSON.stringify(doc);
    const res = await withHealthWatched(quick, () => importer.raw('POST', '/catalog/import', body));
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    // Reading the 4 MB document is on a thread too: on a busy machine that alone may reach the limit.
    expect(res.body.message).toMatch(/^(Reading the request body|Validating the workflow) took longer than 1 s and was stopped: its expressions are too large or too complex\. Simplify them or split them into smaller steps\.$/);
    expect((await importer.get(`/event-codes/${code}`)).status).toBe(404);
    expect((await importer.get('/health')).status).toBe(200);
  });
});

describe('answers to service orders', () => {
  it('refuses a state over 64 kB and a message over 2,000 characters with 422 naming both, and records nothing', async () => {
    const id = await insertOpenOrder(api.databaseUrl, 'ocs-main', 'svc-bounds');
    const res = await admin.post(`/service-orders/${id}/response`, { serviceOrderId: id, status: 'COMPLETED', message: 'm'.repeat(2001), state: { blob: 'x'.repeat(70_000) } });
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { path: 'message', message: "must be at most 2000 characters: keep the details in the provider's own records" },
      { path: 'state', message: "is 69 kB as JSON; at most 64 kB: send the subscriber's status, not a document" },
    ]);
    expect((await admin.get(`/service-orders/${id}`)).body.state).toBe('PROCESSING');
  });
});
