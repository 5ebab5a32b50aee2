import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog, type CatalogDocument, type WorkflowGraph } from '@signalbox/domain';
import { startApi, type RunningApi } from './support/api-process';
import { client, type Client } from './support/client';

const COLLECTIONS: [keyof CatalogDocument, string, string][] = [
  ['eventTypes', 'event-types', 'code'],
  ['eventCodes', 'event-codes', 'code'],
  ['inboundEvents', 'inbound-events', 'name'],
  ['providers', 'providers', 'code'],
  ['serviceTypes', 'service-types', 'code'],
  ['templates', 'templates', 'code'],
  ['actionCodes', 'action-codes', 'code'],
];

/** The "Done when" of issue 3, through the API alone. */
describe('a new user builds, fixes, publishes, exports and re-imports the demo catalog', () => {
  let first: RunningApi;
  let second: RunningApi | undefined;
  let admin: Client;
  const demo = demoCatalog('http://127.0.0.1:4399');

  beforeAll(async () => {
    first = await startApi();
    admin = client(first.url, first.adminKey);
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('creates every catalog entry from nothing', async () => {
    expect((await admin.get('/event-codes')).body.total).toBe(0);
    for (const [docKey, collection] of COLLECTIONS) {
      // Action codes may name other action codes as compensation: retry those whose target is not there yet.
      let pending = [...(demo[docKey] as object[])];
      while (pending.length) {
        const failed: object[] = [];
        const problems: unknown[] = [];
        for (const entry of pending) {
          const res = await admin.post(`/${collection}`, entry);
          if (res.status !== 201) {
            failed.push(entry);
            problems.push(res.body);
          }
        }
        expect(failed.length, JSON.stringify(problems)).toBeLessThan(pending.length);
        pending = failed;
      }
    }
    const codes = await admin.get('/event-codes?pageSize=200');
    expect(codes.body.items.map((e: { code: string }) => e.code).sort()).toEqual(demo.eventCodes.map((e) => e.code).sort());
    expect(demo.eventCodes.map((e) => e.code)).toEqual(expect.arrayContaining(['BAR_NON_PAYMENT', 'CONNECT_SUBSCRIBER', 'SIM_SWAP', 'TOP_UP', 'UNBAR_PAYMENT']));
    const matrix = await admin.get('/inbound-events/matrix');
    expect(matrix.body.inboundNames).toEqual(expect.arrayContaining(['Account/New', 'Account/SIMCardAssignment', 'Customer/ZeroAvailableFunds']));
    expect(matrix.body.cells).toContainEqual(['Account/SIMCardAssignment', 'SIM_SWAP']);
  });

  it('publishes each demo workflow from a draft', async () => {
    for (const wf of demo.workflows) {
      const latest = wf.versions.at(-1)!;
      expect((await admin.put(`/workflows/${wf.eventCode}/draft`, { graph: latest.graph })).status).toBe(200);
      const published = await admin.post(`/workflows/${wf.eventCode}/publish`, { note: latest.note });
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      expect(published.body).toEqual({ version: 1 });
    }
  });

  it('lists a broken workflow\'s problems by node, refuses to publish it, then publishes the fix', async () => {
    const good = (await admin.get('/workflows/SIM_SWAP')).body.draft as WorkflowGraph;
    const action = good.nodes.find((n) => n.kind === 'action')!;
    const broken: WorkflowGraph = {
      nodes: good.nodes.map((n) => (n.id === action.id ? { ...n, actionCode: 'HSS_SWAP_SIMM' } : n)),
      edges: good.edges,
    };
    expect((await admin.put('/workflows/SIM_SWAP/draft', { graph: broken })).status).toBe(200);

    const checked = await admin.post('/workflows/SIM_SWAP/validate');
    expect(checked.status).toBe(200);
    expect(checked.body.valid).toBe(false);
    expect(checked.body.problems).toContainEqual(expect.objectContaining({ severity: 'error', nodeId: action.id, message: expect.stringContaining('HSS_SWAP_SIMM') }));

    const refused = await admin.post('/workflows/SIM_SWAP/publish', { note: 'typo' });
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toContainEqual(expect.objectContaining({ nodeId: action.id }));
    expect((await admin.get('/workflows/SIM_SWAP/versions')).body.total).toBe(1);

    // The fix is published with a sticky note and a collapsed group: the version keeps them as drawn.
    const drawn: WorkflowGraph = {
      ...good,
      notes: [{ id: 'note-why', text: 'Billing confirms first.', position: { x: 0, y: 400 }, size: { width: 240, height: 160 }, color: 'blue' }],
      groups: [{ id: 'group-swap', label: 'Swap', nodeIds: [action.id], collapsed: true }],
    };
    expect((await admin.put('/workflows/SIM_SWAP/draft', { graph: drawn })).status).toBe(200);
    expect((await admin.post('/workflows/SIM_SWAP/validate')).body.valid).toBe(true);
    const fixed = await admin.post('/workflows/SIM_SWAP/publish', { note: 'fixed' });
    expect(fixed.status).toBe(201);
    expect(fixed.body).toEqual({ version: 2 });
    const version = await admin.get('/workflows/SIM_SWAP/versions/2');
    expect(version.body.graph).toMatchObject({ notes: drawn.notes, groups: drawn.groups });
    const none = { added: [], removed: [], changed: [] };
    const diff = await admin.get('/workflows/SIM_SWAP/diff?from=1&to=2');
    expect(diff.body).toEqual({ nodes: none, edges: { added: [], removed: [] }, notes: { ...none, added: ['note-why'] }, groups: { ...none, added: ['group-swap'] }, catalog: [] });
  });

  it('exports the catalog and imports it into an empty database, getting the same catalog back', async () => {
    const exported = await admin.get<CatalogDocument>('/catalog/export');
    expect(exported.status).toBe(200);
    expect(exported.body.format).toBe('signalbox.catalog/v1');

    second = await startApi();
    const other = client(second.url, second.adminKey);
    const dry = await other.post('/catalog/import?dryRun=true', exported.body);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    // One change per exported entry, per workflow and per published version.
    const doc = exported.body;
    const entries = COLLECTIONS.reduce((n, [docKey]) => n + (doc[docKey] as object[]).length, 0);
    const workflows = doc.workflows.length + doc.workflows.reduce((n, wf) => n + wf.versions.length, 0);
    expect(dry.body.changes).toHaveLength(entries + workflows);
    expect(dry.body.changes.every((c: { change: string }) => c.change === 'create')).toBe(true);
    expect((await other.get('/event-codes')).body.total).toBe(0);

    const imported = await other.post('/catalog/import', exported.body);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const back = await other.get<CatalogDocument>('/catalog/export');
    const { exportedAt: _a, ...before } = exported.body;
    const { exportedAt: _b, ...after } = back.body;
    expect(after).toEqual(before);

    const again = await other.post('/catalog/import?dryRun=true', exported.body);
    expect(again.body.changes.every((c: { change: string }) => c.change === 'unchanged')).toBe(true);
  });
});
