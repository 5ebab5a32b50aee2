import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';

const run = promisify(execFile);

/** A fresh MSISDN per call, so runs from other tests on a shared Temporal server never match. */
const msisdn = () => `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const imsi = () => `23415${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
const iccid = () => `894410${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;
const simSwap = (subject: Record<string, string>, extra: Record<string, unknown> = {}) => ({ eventCode: 'SIM_SWAP', subject, ...extra });
const fullSubject = () => ({ msisdn: msisdn(), imsi: imsi(), iccid: iccid() });

describe('runtime API against real Temporal, worker and simulator', () => {
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const runsFor = async (number: string, extra = '') => (await stack.api('GET', `/api/runs?msisdn=${number}${extra}`)).body.items as { runId: string; status: string; startsAt?: string }[];
  const runDone = (runId: string) =>
    eventually(`run ${runId} to end`, async () => {
      const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(res.body.status) ? res.body : undefined;
    });

  it('runs the smoke workflow, findable with the Temporal CLI', async () => {
    const res = await stack.api('POST', '/api/system/smoke');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.workflowId).toMatch(/^smoke:/);
    expect(typeof res.body.result).toBe('string');
    const listed = await eventually('the smoke run in visibility', async () => {
      const { stdout } = await run(stack.temporal.binary ?? 'temporal', [
        'workflow', 'list', '--address', stack.temporal.address, '--namespace', stack.temporal.namespace,
        '--query', `EventCode='SMOKE' AND WorkflowId='${res.body.workflowId}'`, '--output', 'json',
      ]);
      return stdout.includes(res.body.workflowId) ? stdout : undefined;
    });
    expect(listed).toContain('smokeWorkflow');
  });

  it('raises a demo event: the run completes and the simulator receives the order', async () => {
    const subject = fullSubject();
    const key = `swap-${randomUUID()}`;
    const res = await stack.api('POST', '/api/events', simSwap(subject, { idempotencyKey: key, data: { reason: 'lost' } }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.runs).toEqual([{ runId: `run:SIM_SWAP:${key}`, eventCode: 'SIM_SWAP', started: true }]);

    const detail = await runDone(res.body.runs[0].runId);
    expect(detail.status, stack.logs()).toBe('Completed');
    expect(detail).toMatchObject({ eventCode: 'SIM_SWAP', version: 1, isTest: false, subject });
    expect(detail.temporalUrl).toBe(`http://temporal-ui.test/namespaces/${stack.temporal.namespace}/workflows/${encodeURIComponent(res.body.runs[0].runId)}`);
    expect(detail.graph.nodes.map((n: { id: string }) => n.id)).toContain('swap_sim');
    expect(detail.state.nodes.swap_sim.status).toBe('completed');

    const received = (await stack.simulator('GET', '/control/requests?provider=hss-main')).body.items as { body: { subject: Record<string, string>; serviceOrderId: string } }[];
    const mine = received.filter((r) => r.body?.subject?.msisdn === subject.msisdn);
    expect(mine).toHaveLength(1);

    const order = await stack.api('GET', `/api/service-orders/${mine[0].body.serviceOrderId}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ providerCode: 'hss-main', state: 'COMPLETED', runWorkflowId: res.body.runs[0].runId });
    // Confirmed mode at a synchronous provider: READY, PROCESSING, the exchange, COMPLETED.
    expect(order.body.exchanges.map((e: { direction: string }) => e.direction)).toEqual(['state-change', 'state-change', 'request', 'response', 'state-change']);
    const listed = await stack.api('GET', '/api/service-orders?provider=hss-main&state=COMPLETED&pageSize=200');
    expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(order.body.id);
    // Without a serviceId in the subject, the MSISDN is the service the order is queued on.
    const byService = await stack.api('GET', `/api/service-orders?serviceId=${subject.msisdn}`);
    expect(byService.body).toMatchObject({ total: 1, items: [{ id: order.body.id }] });
  });

  it('starts one run for the same idempotency key raised 5 times at once, found by msisdn', async () => {
    const subject = fullSubject();
    const event = simSwap(subject, { idempotencyKey: `dup-${randomUUID()}` });
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.api('POST', '/api/events', event)));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(202);
    const runs = answers.map((a) => a.body.runs[0]);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(1);
    expect(runs.filter((r) => r.started)).toHaveLength(1);
    await runDone(runs[0].runId);
    const again = await stack.api('POST', '/api/events', event);
    expect(again.body.runs[0]).toMatchObject({ runId: runs[0].runId, started: false });
    const found = await eventually('the run by msisdn', async () => {
      const items = await runsFor(subject.msisdn);
      return items.length ? items : undefined;
    });
    expect(found.map((r) => r.runId)).toEqual([runs[0].runId]);
    expect((await runsFor(subject.msisdn, '&status=Completed&eventCode=SIM_SWAP')).map((r) => r.runId)).toEqual([runs[0].runId]);
    expect(await runsFor(subject.msisdn, '&status=Failed')).toEqual([]);
    const paged = await stack.api('GET', '/api/runs?eventCode=SIM_SWAP&pageSize=1');
    expect(paged.body.items).toHaveLength(1);
    expect(typeof paged.body.nextPageToken).toBe('string');
    const next = await stack.api('GET', `/api/runs?eventCode=SIM_SWAP&pageSize=1&pageToken=${paged.body.nextPageToken}`);
    expect(next.status).toBe(200);
    expect(next.body.items[0].runId).not.toBe(paged.body.items[0].runId);
    expect((await stack.api('GET', '/api/runs?status=Lost')).body.problems).toEqual([{ path: 'status', message: expect.stringContaining('must be one of') }]);
  });

  it('refuses an unknown code, a bad subject and a missing required key with 422, starting nothing', async () => {
    const subject = fullSubject();
    const unknown = await stack.api('POST', '/api/events', { eventCode: 'NO_SUCH_CODE', subject });
    expect(unknown.status).toBe(422);
    expect(unknown.body.problems).toEqual([{ path: 'eventCode', message: 'event code NO_SUCH_CODE does not exist' }]);

    const bad = await stack.api('POST', '/api/events', simSwap({ ...subject, msisdn: 'not-a-number' }));
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toContain('subject.msisdn');

    const { iccid: _iccid, ...withoutIccid } = subject;
    const incomplete = await stack.api('POST', '/api/events', simSwap(withoutIccid));
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.problems).toEqual([{ path: 'subject.iccid', message: 'is required for SIM_SWAP' }]);

    expect(await runsFor(subject.msisdn)).toEqual([]);
  });

  it('starts nothing from a batch with one bad event, and names it', async () => {
    const good = fullSubject();
    const res = await stack.api('POST', '/api/events/batch', { events: [simSwap(good), simSwap({ msisdn: msisdn() }), simSwap(fullSubject())] });
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['events.1.subject.iccid', 'events.1.subject.imsi']);
    expect(await runsFor(good.msisdn)).toEqual([]);

    const ok = await stack.api('POST', '/api/events/batch', { events: [simSwap(good), simSwap(fullSubject())] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect(ok.body.results.map((r: { index: number; runs: unknown[] }) => [r.index, r.runs.length])).toEqual([[0, 1], [1, 1]]);
  });

  it('dispatches a customer-level inbound event to each account', async () => {
    const subject = { customerId: `C-${randomBytes(3).toString('hex')}`, msisdn: msisdn() };
    const none = await stack.api('POST', '/api/events', { inboundName: 'Customer/ZeroAvailableFunds', subject });
    expect(none.status).toBe(422);
    expect(none.body.problems.map((p: { path: string }) => p.path)).toEqual(['accounts']);
    const res = await stack.api('POST', '/api/events', { inboundName: 'Customer/ZeroAvailableFunds', subject, accounts: ['A-1', 'A-2'], idempotencyKey: randomUUID() });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.runs.map((r: { eventCode: string }) => r.eventCode)).toEqual(['BAR_NON_PAYMENT', 'BAR_NON_PAYMENT']);
    expect(new Set(res.body.runs.map((r: { runId: string }) => r.runId)).size).toBe(2);
  });

  it('lists a run raised for later as Scheduled, and cancels it', async () => {
    const subject = fullSubject();
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const res = await stack.api('POST', '/api/events', simSwap(subject, { scheduledAt }));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const runId = res.body.runs[0].runId as string;
    const scheduled = await eventually('the scheduled run in the list', async () => {
      const items = await runsFor(subject.msisdn, '&status=Scheduled');
      return items.length ? items : undefined;
    });
    expect(scheduled.map((r) => r.runId)).toEqual([runId]);
    // When it will begin, to the second (Temporal keeps the delay, not the requested instant).
    expect(Math.abs(Date.parse(scheduled[0].startsAt ?? "") - Date.parse(scheduledAt))).toBeLessThan(2_000);
    expect((await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body).toMatchObject({ status: 'Scheduled', state: { status: 'Scheduled' } });
    const cancel = await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`);
    expect(cancel.status).toBe(202);
    const ended = await runDone(runId);
    expect(ended.status).toBe('Cancelled');
  });

  it('completes a queued-mode order when its response is posted; refuses a new answer once closed', async () => {
    // A workflow of our own around the demo's queued action code, through the catalog API.
    const code = `OTT_${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Enable OTT (test)', requiredSubjectKeys: ['accountId'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const graph = oneActionGraph('CA_ENABLE_OTT');
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    // The provider accepts the order and would call back only much later: the test answers it.
    expect((await stack.simulator('PUT', '/control/providers/ca-platform', { mode: 'async', callbackDelayMs: 3_600_000 })).status).toBe(200);

    const accountId = `ACC-${randomBytes(4).toString('hex')}`;
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject: { accountId }, data: { ottPackage: 'gold' } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId = raised.body.runs[0].runId as string;

    const order = await eventually('the queued order to be sent', async () => {
      const items = (await stack.api('GET', '/api/service-orders?provider=ca-platform&state=PROCESSING&pageSize=200')).body.items as { id: string; runWorkflowId: string }[];
      return items.find((o) => o.runWorkflowId === runId);
    });
    const signalled = await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/signal`, { name: 'noteReceived', payload: { by: 'test' } });
    expect(signalled.status, JSON.stringify(signalled.body)).toBe(202);
    const agent = await stack.api('POST', '/api/keys', { name: 'ca agent', role: 'agent', providers: ['ca-platform'] });
    expect(agent.status).toBe(201);
    const answer = { serviceOrderId: order.id, status: 'COMPLETED', message: 'enabled' };

    expect((await stack.api('POST', `/api/service-orders/${order.id}/response`, { ...answer, serviceOrderId: randomUUID() }, agent.body.key)).status).toBe(422);
    const posted = await stack.api('POST', `/api/service-orders/${order.id}/response`, answer, agent.body.key);
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);

    const detail = await runDone(runId);
    expect(detail.status, stack.logs()).toBe('Completed');
    const closed = await stack.api('GET', `/api/service-orders/${order.id}`);
    expect(closed.body.state).toBe('COMPLETED');
    expect(closed.body.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(1);

    const late = await stack.api('POST', `/api/service-orders/${order.id}/response`, { ...answer, status: 'FAILED' }, agent.body.key);
    expect(late.status).toBe(409);
    expect((await stack.api('POST', `/api/service-orders/${order.id}/response`, answer, agent.body.key)).status).toBe(200);
    // An agent key may answer orders and nothing else.
    expect((await stack.api('GET', '/api/runs', undefined, agent.body.key)).status).toBe(403);
  });

  it('test-runs the draft, tagged IsTest', async () => {
    const subject = fullSubject();
    const res = await stack.api('POST', '/api/workflows/SIM_SWAP/test-run', { subject });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const detail = await runDone(res.body.runId);
    expect(detail).toMatchObject({ isTest: true, version: 0, eventCode: 'SIM_SWAP' });
    const tests = await runsFor(subject.msisdn, '&isTest=true');
    expect(tests.map((r) => r.runId)).toEqual([res.body.runId]);
    expect(await runsFor(subject.msisdn, '&isTest=false')).toEqual([]);
  });

  it('refuses to test-run a draft with errors, listing its problems', async () => {
    const code = `BROKEN_${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Broken (test)' })).status).toBe(201);
    const graph = { nodes: [{ id: 'a', kind: 'action', actionCode: 'NO_SUCH_ACTION' }], edges: [] };
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph })).status).toBe(200);
    const res = await stack.api('POST', `/api/workflows/${code}/test-run`, { subject: { msisdn: msisdn() } });
    expect(res.status).toBe(422);
    const codes = res.body.problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('NO_START');
    expect(res.body.problems.every((p: { severity: string }) => p.severity === 'error')).toBe(true);
    expect((await stack.api('POST', '/api/workflows/NOT_A_CODE/test-run', { subject: { msisdn: msisdn() } })).status).toBe(404);
  });

  it('answers 404 for unknown runs and orders, and 409 when cancelling an ended run', async () => {
    expect((await stack.api('GET', '/api/runs/run%3ANOPE%3Ax')).status).toBe(404);
    expect((await stack.api('GET', `/api/service-orders/${randomUUID()}`)).status).toBe(404);
    const subject = fullSubject();
    const res = await stack.api('POST', '/api/events', simSwap(subject));
    const runId = res.body.runs[0].runId as string;
    await runDone(runId);
    expect((await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/cancel`)).status).toBe(409);
    expect((await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/signal`, { name: 'go' })).status).toBe(409);
  });
});
