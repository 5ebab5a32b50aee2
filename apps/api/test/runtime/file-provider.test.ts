import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchText, sealFile } from '@signalbox/contracts/file-batch';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';

/*
 * The file protocol end to end: the worker writes a file provider's orders as an encrypted batch
 * into its outbox, the simulator's file drop answers with a response file, and the API's inbox
 * reader applies it through the queued-mode answer path. Real Temporal, worker, API, simulator.
 */
describe('file provider (real Temporal, worker, API and simulator)', () => {
  let stack: RuntimeStack;
  let folder: string;

  beforeAll(async () => {
    assertBuilt();
    folder = await mkdtemp(path.join(tmpdir(), 'sbx-files-'));
    stack = await startRuntimeStack({ apiEnv: { SIGNALBOX_FILE_INBOX_POLL_MS: '200' } });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const suffix = () => randomBytes(3).toString('hex');

  /** A file provider, an action code sending to it in queued mode and a published event code around it. */
  async function fileProviderWorkflow(maxBatchOrders: number, extra: Record<string, unknown> = {}) {
    const code = `files-${suffix()}`;
    const key = randomBytes(32).toString('base64');
    const outbox = path.join(folder, code, 'out');
    const inbox = path.join(folder, code, 'in');
    const provider = await stack.api('POST', '/api/providers', { code, name: 'Files', protocol: 'file', file: { outbox, inbox, key, maxBatchOrders, maxBatchAgeMs: 1500 }, ...extra });
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    expect(JSON.stringify(provider.body)).not.toContain(key);
    expect((await stack.api('POST', `/api/providers/${code}/effective`, {})).status).toBe(200);
    const actionCode = `FILE_OTT_${suffix().toUpperCase()}`;
    const action = await stack.api('POST', '/api/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: 'Enable OTT by file',
      parameters: { provider: code, serviceType: '/service/tv/ott', action: 'A', fields: ['accountId'], mode: 'queued', maxWait: '30m' },
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    const eventCode = `FILES_${suffix().toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Enable OTT by file', requiredSubjectKeys: ['accountId'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph: oneActionGraph(actionCode) })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return { code, key, outbox, inbox, eventCode };
  }

  async function raise(eventCode: string, accountId: string, subject: Record<string, string> = {}): Promise<string> {
    const raised = await stack.api('POST', '/api/events', { eventCode, subject: { accountId, ...subject } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    return raised.body.runs[0].runId as string;
  }

  /** A provider (the simulator's HTTP one) with one distributor whose restriction keeps OTT and basic TV apart. */
  const distributorProvider = (code: string, distributor: Record<string, unknown>) => ({
    code,
    name: 'TV distributor',
    endpoints: [`${stack.simulatorUrl}/providers/${code}`],
    distributors: [
      {
        code: 'tv-shop',
        name: 'TV shop',
        services: ['/service/tv/ott', '/service/tv/basic'],
        restrictions: [{ name: 'ott-or-basic', services: ['/service/tv/ott', '/service/tv/basic'] }],
        ...distributor,
      },
    ],
  });

  const ordersOf = async (code: string) => (await stack.api('GET', `/api/service-orders?provider=${code}&pageSize=200`)).body.items as { id: string; runWorkflowId: string; state: string }[];
  const filesIn = async (dir: string) => readdir(dir).catch(() => [] as string[]);

  it('sends a batch encrypted, applies every good answer and reports the bad line by number', async () => {
    const p = await fileProviderWorkflow(3);
    expect((await stack.simulator('PUT', `/control/file-drops/${p.code}`, { outbox: p.outbox, inbox: p.inbox, key: p.key, answer: { badLines: [3] } })).status).toBe(200);
    const accounts = [0, 1, 2].map(() => `ACC-${suffix()}${suffix()}`);
    const runIds: string[] = [];
    for (const accountId of accounts) runIds.push(await raise(p.eventCode, accountId));

    // The batch closes at three orders; the simulator takes it from the outbox.
    const drop = await eventually('the simulator to answer the batch', async () => {
      const body = (await stack.simulator('GET', `/control/file-drops/${p.code}`)).body;
      return body.batches[0]?.response ? body.batches[0] : undefined;
    });
    expect(drop.problem).toBeUndefined();
    expect(drop.orderIds).toHaveLength(3);
    const sealed = await readFile(path.join(p.outbox, 'taken', drop.file));
    for (const accountId of accounts) expect(sealed.includes(Buffer.from(accountId))).toBe(false);

    const report = await eventually('the response file to be processed', async () => {
      const reports = (await filesIn(path.join(p.inbox, 'processed'))).filter((f) => f.endsWith('.report.json'));
      return reports[0] ? JSON.parse(await readFile(path.join(p.inbox, 'processed', reports[0]), 'utf8')) : undefined;
    });
    expect(report.applied, JSON.stringify(report)).toBe(2);
    expect(report.rejected).toEqual([{ line: 3, serviceOrderId: drop.orderIds[1], problem: expect.stringContaining('status') }]);

    const orders = await ordersOf(p.code);
    const bad = orders.find((o) => o.id === drop.orderIds[1])!;
    for (const runId of runIds.filter((r) => r !== bad.runWorkflowId)) {
      const run = await eventually(`run ${runId} to complete`, async () => {
        const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
        return res.body.status === 'Completed' ? res.body : undefined;
      });
      expect(run.status).toBe('Completed');
    }
    const good = orders.filter((o) => o.id !== bad.id);
    for (const o of good) expect((await stack.api('GET', `/api/service-orders/${o.id}`)).body.state).toBe('COMPLETED');
    // The order on the bad line got no answer: still waiting, its run still running.
    const badOrder = (await stack.api('GET', `/api/service-orders/${bad.id}`)).body;
    expect(badOrder.state).toBe('PROCESSING');
    expect(badOrder.exchanges.some((e: { note?: string }) => e.note?.startsWith('written to batch'))).toBe(true);
    expect(badOrder.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(0);

    // A later response file (written here as the provider would) answers the waiting order and,
    // wrongly, a closed one: the closed one's line is rejected, the other applies.
    const answers = [
      { serviceOrderId: good[0]!.id, status: 'FAILED', message: 'changed my mind' },
      { serviceOrderId: bad.id, status: 'COMPLETED' },
    ];
    await writeFile(path.join(p.inbox, 'late.sbx'), sealFile(p.key, batchText({ kind: 'responses', batchId: 'late', provider: p.code }, answers)));
    const late = await eventually('the late file to be processed', async () => {
      const file = path.join(p.inbox, 'processed', 'late.sbx.report.json');
      return (await filesIn(path.dirname(file))).includes('late.sbx.report.json') ? JSON.parse(await readFile(file, 'utf8')) : undefined;
    });
    expect(late).toMatchObject({ applied: 1, rejected: [{ line: 2, serviceOrderId: good[0]!.id, problem: expect.stringContaining('closed') }] });
    expect((await stack.api('GET', `/api/service-orders/${good[0]!.id}`)).body.state).toBe('COMPLETED');
    const badRun = await eventually('the answered run to complete', async () => {
      const res = await stack.api('GET', `/api/runs/${encodeURIComponent(bad.runWorkflowId)}`);
      return res.body.status === 'Completed' ? res.body : undefined;
    });
    expect(badRun.status).toBe('Completed');
  });

  it('applies nothing from a tampered response file and moves it aside with the reason', async () => {
    const p = await fileProviderWorkflow(10);
    expect((await stack.simulator('PUT', `/control/file-drops/${p.code}`, { outbox: p.outbox, inbox: p.inbox, key: p.key, answer: { tamper: true } })).status).toBe(200);
    const runId = await raise(p.eventCode, `ACC-${suffix()}${suffix()}`);

    // One order never fills the batch of ten: it closes by age.
    const reason = await eventually('the tampered file to be moved aside', async () => {
      const reasons = (await filesIn(path.join(p.inbox, 'rejected'))).filter((f) => f.endsWith('.reason.txt'));
      return reasons[0] ? readFile(path.join(p.inbox, 'rejected', reasons[0]), 'utf8') : undefined;
    });
    expect(reason).toContain('authentication failed');
    const [order] = (await ordersOf(p.code)).filter((o) => o.runWorkflowId === runId);
    const detail = (await stack.api('GET', `/api/service-orders/${order!.id}`)).body;
    expect(detail.state).toBe('PROCESSING');
    expect(detail.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(0);
    expect(await filesIn(path.join(p.inbox, 'processed'))).toEqual([]);
  });

  it('refuses an order a distributor restriction forbids, naming the rule', async () => {
    const code = `dist-${suffix()}`;
    const provider = await stack.api('POST', '/api/providers', distributorProvider(code, {}));
    expect(provider.status, JSON.stringify(provider.body)).toBe(201);
    expect((await stack.api('POST', `/api/providers/${code}/effective`, {})).status).toBe(200);
    // A service type of our own for the second service, like the demo's OTT one.
    const ott = (await stack.api('GET', `/api/service-types/${encodeURIComponent('/service/tv/ott')}`)).body;
    const basic = await stack.api('POST', '/api/service-types', { ...ott, code: '/service/tv/basic', name: 'Basic TV' });
    expect([201, 409], JSON.stringify(basic.body)).toContain(basic.status);
    const codes: Record<string, string> = {};
    for (const [name, serviceType] of [['OTT', '/service/tv/ott'], ['BASIC', '/service/tv/basic']] as const) {
      const actionCode = `DIST_${name}_${suffix().toUpperCase()}`;
      const action = await stack.api('POST', '/api/action-codes', {
        code: actionCode,
        actionType: 'provisioning',
        name: `Enable ${name}`,
        parameters: { provider: code, serviceType, action: 'A', fields: ['accountId'], mode: 'confirmed' },
      });
      expect(action.status, JSON.stringify(action.body)).toBe(201);
      const eventCode = `DIST_${name}_${suffix().toUpperCase()}`;
      expect((await stack.api('POST', '/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: `Enable ${name}`, requiredSubjectKeys: ['accountId'] })).status).toBe(201);
      expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph: oneActionGraph(actionCode) })).status).toBe(200);
      expect((await stack.api('POST', `/api/workflows/${eventCode}/publish`, {})).status).toBe(201);
      codes[name] = eventCode;
    }
    const accountId = `ACC-${suffix()}${suffix()}`;
    const ended = async (runId: string) =>
      eventually(`run ${runId} to end`, async () => {
        const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
        return ['Completed', 'Failed'].includes(res.body.status) ? res.body : undefined;
      });
    // The simulator's HTTP provider needs a service id; the rules look at the account's services.
    const allowed = await ended(await raise(codes.OTT!, accountId, { serviceId: `SVC-${suffix()}` }));
    expect(allowed.status, JSON.stringify(allowed)).toBe('Completed');
    const refusedRun = await raise(codes.BASIC!, accountId, { serviceId: `SVC-${suffix()}` });
    expect((await ended(refusedRun)).status).toBe('Failed');
    const [refused] = (await ordersOf(code)).filter((o) => o.runWorkflowId === refusedRun);
    const detail = (await stack.api('GET', `/api/service-orders/${refused!.id}`)).body;
    expect(detail.state).toBe('FAILED');
    expect(JSON.stringify(detail.exchanges)).toContain('tv-shop/ott-or-basic');
    // Nothing of the refused order reached the provider.
    const received = (await stack.simulator('GET', `/control/requests?provider=${code}`)).body.items as { body: { serviceOrderId: string } }[];
    expect(received.map((r) => r.body.serviceOrderId)).not.toContain(refused!.id);
  });

  it('refuses a contradictory distributor rule with 422 naming the field, saving nothing', async () => {
    const code = `dist-${suffix()}`;
    // OTT needs basic, which the restriction excludes beside OTT: the rule can never be met.
    const res = await stack.api('POST', '/api/providers', distributorProvider(code, { dependencies: [{ name: 'ott-needs-basic', service: '/service/tv/ott', requires: '/service/tv/basic' }] }));
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ path: 'distributors.0.dependencies.0.requires', message: expect.stringContaining('ott-or-basic') }]);
    expect((await stack.api('GET', `/api/providers/${code}`)).status).toBe(404);
  });
});
