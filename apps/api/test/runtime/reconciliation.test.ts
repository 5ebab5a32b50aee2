import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';
import { msisdnsFor, publishOrderingEventCode, simulatorOrders } from './order-fixture';

// Reconciliation against the real stack: subscribers are provisioned through runs, the simulator
// is told to drift some of them behind Signalbox's back, a dry run lists exactly those (and sends
// nothing), and the real run brings them back with one order each through the order path.

type Line = { subjectKey: string; verdict: string; sync: string; differences: unknown[]; orders: { serviceOrderId: string; action: string; state: string }[] };

describe('reconciliation', () => {
  let stack: RuntimeStack;
  const id = randomBytes(3).toString('hex');
  const provider = `rec-${id}`;
  const eventCode = `REC_${id.toUpperCase()}`;
  const msisdns = msisdnsFor(6);
  const drifted = [msisdns[1], msisdns[4]];

  const finished = (reconciliationId: string) =>
    eventually(`reconciliation ${reconciliationId} to finish`, async () => {
      const answer = await stack.api('GET', `/api/reconciliations/${reconciliationId}?limit=500`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.status === 'running' ? undefined : answer.body;
    }, 120_000);
  const statuses = async () => {
    const items = (await stack.simulator('GET', `/control/subscribers?provider=${provider}`)).body.items as { key: string; services: Record<string, string> }[];
    return Object.fromEntries(items.map((s) => [s.key, s.services['/service/telco/gsm']]));
  };

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    await publishOrderingEventCode(stack, { provider, eventCode });
    for (const msisdn of msisdns) {
      const raised = await stack.api('POST', '/api/events', { eventCode, subject: { msisdn }, idempotencyKey: randomUUID() });
      expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    }
    await eventually('every subscriber to be provisioned', async () => {
      const done = await stack.api('GET', `/api/runs?eventCode=${eventCode}&status=Completed`);
      return done.body.items.length === msisdns.length ? true : undefined;
    }, 120_000);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses bad requests by name and starts nothing', async () => {
    const unknown = await stack.api('POST', '/api/reconciliations', { provider: `nope-${id}`, dryRun: true });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
    expect(unknown.body.problems).toEqual([expect.objectContaining({ path: 'provider', message: expect.stringMatching(/no provider/) })]);
    const extra = await stack.api('POST', '/api/reconciliations', { provider, dryRun: true, everything: true });
    expect(extra.status).toBe(422);
    const twice = await stack.api('POST', '/api/reconciliations', { provider, subjects: ['a', 'a'] });
    expect(twice.status).toBe(422);
    expect(twice.body.problems[0].path).toBe('subjects');
    expect((await stack.api('GET', '/api/reconciliations/not-an-id')).status).toBe(422);
    expect((await stack.api('GET', `/api/reconciliations/${randomUUID()}`)).status).toBe(404);
    const drift = await stack.simulator('POST', `/control/providers/${provider}/drift`, { count: 1, keys: ['x'] });
    expect(drift.status).toBe(400);
  });

  it('lists exactly the drifted subjects in a dry run, then brings them back in sync', async () => {
    expect(Object.values(await statuses())).toEqual(msisdns.map(() => 'active'));
    const drift = await stack.simulator('POST', `/control/providers/${provider}/drift`, { keys: drifted, to: 'suspended' });
    expect(drift.status, JSON.stringify(drift.body)).toBe(200);
    expect(drift.body.drifted.map((d: { key: string }) => d.key)).toEqual(drifted);
    const ordersBefore = (await simulatorOrders(stack, provider)).length;
    expect(ordersBefore).toBe(msisdns.length);

    const dry = await stack.api('POST', '/api/reconciliations', { provider, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(202);
    const dryReport = await finished(dry.body.id);
    expect(dryReport).toMatchObject({ status: 'done', dryRun: true, counts: { subjects: 6, inSync: 4, differs: 2, synced: 0 } });
    const differing = (dryReport.lines as Line[]).filter((l) => l.verdict === 'differs');
    expect(differing.map((l) => l.subjectKey).sort()).toEqual([...drifted].sort());
    expect(differing[0]).toMatchObject({ sync: 'pending', differences: [{ serviceType: '/service/telco/gsm', expected: 'active', actual: 'suspended' }], orders: [] });
    // The dry run sent nothing: the simulator still has them suspended and got no order.
    expect((await simulatorOrders(stack, provider)).length).toBe(ordersBefore);
    expect((await statuses())[drifted[0]]).toBe('suspended');

    const real = await stack.api('POST', '/api/reconciliations', { provider });
    expect(real.status, JSON.stringify(real.body)).toBe(202);
    const report = await finished(real.body.id);
    expect(report).toMatchObject({ status: 'done', dryRun: false, counts: { subjects: 6, inSync: 4, differs: 2, synced: 2, syncFailed: 0 } });
    expect(Object.values(await statuses())).toEqual(msisdns.map(() => 'active'));

    // One reactivation per drifted subject, none sent twice (the simulator's own log says so).
    const orders = await simulatorOrders(stack, provider);
    const resets = orders.slice(ordersBefore);
    expect(resets.map((r) => [r.body?.subject?.msisdn, r.body?.action]).sort()).toEqual(drifted.map((m) => [m, 'R']).sort());
    expect(orders.filter((r) => r.duplicate)).toEqual([]);
    expect((await stack.simulator('GET', `/control/providers/${provider}`)).body.stats.duplicates).toBe(0);

    // Each went through the order path: a service order with its exchange log.
    const line = (report.lines as Line[]).find((l) => l.subjectKey === drifted[0])!;
    expect(line).toMatchObject({ sync: 'synced', orders: [expect.objectContaining({ action: 'R', state: 'COMPLETED' })] });
    const order = await stack.api('GET', `/api/service-orders/${line.orders[0].serviceOrderId}`);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ state: 'COMPLETED', action: 'R', runWorkflowId: `reconcile:${real.body.id}` });
    expect(order.body.exchanges.map((e: { direction: string }) => e.direction)).toEqual(expect.arrayContaining(['request', 'response']));

    // Afterwards every subject is in sync again.
    const again = await stack.api('POST', '/api/reconciliations', { provider, dryRun: true });
    expect(await finished(again.body.id)).toMatchObject({ counts: { subjects: 6, inSync: 6, differs: 0 } });

    const audit = await stack.api('GET', '/api/audit?kind=reconciliation');
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'start', code: real.body.id }), expect.objectContaining({ action: 'dry-run', code: dry.body.id })]));
  }, 600_000);
});
