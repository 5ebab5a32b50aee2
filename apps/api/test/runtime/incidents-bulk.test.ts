import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

// Incidents and bulk operations against the real stack: a provider goes down, runs park as
// incidents (GET /api/runs?status=Incident finds them), the provider comes back, and one bulk
// retry (dry run first) completes every one of them with exactly one more order each.

type SimulatorRequest = { method: string; body?: { subject?: { msisdn?: string } } };

describe('incidents and bulk retry', () => {
  let stack: RuntimeStack;
  const id = randomBytes(3).toString('hex');
  const provider = `inc-${id}`;
  const eventCode = `INC_${id.toUpperCase()}`;
  const msisdns = [1, 2, 3].map((i) => `4477009${String(Date.now() % 100_000).padStart(5, '0')}${i}`);

  const requestsFor = async (msisdn: string) =>
    ((await stack.simulator('GET', `/control/requests?provider=${provider}`)).body.items as SimulatorRequest[]).filter((r) => r.method === 'POST' && r.body?.subject?.msisdn === msisdn);
  const incidents = async () => (await stack.api('GET', `/api/runs?eventCode=${eventCode}&status=Incident`)).body.items as { runId: string }[];

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    expect((await stack.simulator('PUT', `/control/providers/${provider}`, { down: true })).status).toBe(200);
    const created = await stack.api('POST', '/api/providers', {
      code: provider,
      name: 'Incident drill (test)',
      protocol: 'http',
      endpoints: [`${stack.simulatorUrl}/providers/${provider}`],
      auth: { type: 'none' },
      requestTimeoutMs: 5_000,
      mode: 'sync',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await stack.api('POST', `/api/providers/${provider}/effective`, {})).status).toBe(200);
    const actionCode = `INC_ON_${id.toUpperCase()}`;
    const code = await stack.api('POST', '/api/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: 'Incident drill order (test)',
      parameters: { provider, serviceType: '/service/telco/gsm', action: 'A', fields: ['msisdn'], mode: 'confirmed', timeout: '2m' },
      retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1s' },
    });
    expect(code.status, JSON.stringify(code.body)).toBe(201);
    expect((await stack.api('POST', '/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Incident drill (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    // Only a success path: a failed order parks the run as an incident (the default onFailure).
    const graph = {
      nodes: [
        { id: 'start', kind: 'start' },
        { id: 'enable', kind: 'action', actionCode },
        { id: 'done', kind: 'end', result: 'completed' },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'enable' },
        { id: 'e2', source: 'enable', sourceHandle: 'success', target: 'done' },
      ],
    };
    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('parks runs whose provider is down, and one bulk retry after recovery completes each with one more order', async () => {
    const runIds: string[] = [];
    for (const msisdn of msisdns) {
      const raised = await stack.api('POST', '/api/events', { eventCode, subject: { msisdn }, idempotencyKey: randomUUID() });
      expect(raised.status, JSON.stringify(raised.body)).toBe(202);
      runIds.push(raised.body.runs[0].runId);
    }
    const parked = await eventually('every run to be listed as an incident', async () => {
      const items = await incidents();
      return items.length === runIds.length ? items : undefined;
    });
    expect(parked.map((r) => r.runId).sort()).toEqual([...runIds].sort());
    const detail = await stack.api('GET', `/api/runs/${encodeURIComponent(runIds[0])}`);
    expect(detail.body.status).toBe('Incident');
    expect(detail.body.state.incidents).toEqual([expect.objectContaining({ nodeId: 'enable', outcome: 'failure' })]);
    const before = await Promise.all(msisdns.map((m) => requestsFor(m).then((r) => r.length)));
    expect(before).toEqual([1, 1, 1]);

    // A decision that does not apply is refused by the run, not recorded.
    const wrongNode = await stack.api('POST', `/api/runs/${encodeURIComponent(runIds[0])}/incident/retry`, { nodeId: 'nope' });
    expect(wrongNode.status, JSON.stringify(wrongNode.body)).toBe(409);
    expect(wrongNode.body.message).toMatch(/nope/);
    const badBody = await stack.api('POST', `/api/runs/${encodeURIComponent(runIds[0])}/incident/skip`, { outcome: 'success', extra: 1 });
    expect(badBody.status).toBe(422);

    // A query Temporal cannot parse: 422 naming it, nothing started.
    const badQuery = await stack.api('POST', '/api/runs/bulk', { query: `EventCode = = '${eventCode}'`, operation: 'retry' });
    expect(badQuery.status, JSON.stringify(badQuery.body)).toBe(422);
    expect(badQuery.body.problems[0].path).toBe('query');
    const neither = await stack.api('POST', '/api/runs/bulk', { operation: 'retry', dryRun: true });
    expect(neither.status).toBe(422);

    const dry = await stack.api('POST', '/api/runs/bulk', { filters: { eventCode }, operation: 'retry', dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(202);
    expect(dry.body).toMatchObject({ dryRun: true, count: 3 });
    expect([...dry.body.sample].sort()).toEqual([...runIds].sort());
    // The dry run changed nothing.
    expect((await incidents()).length).toBe(3);

    expect((await stack.simulator('PUT', `/control/providers/${provider}`, { down: false })).status).toBe(200);
    const started = await stack.api('POST', '/api/runs/bulk', { query: `EventCode = '${eventCode}'`, operation: 'retry', perSecond: 20 });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ dryRun: false, count: 3 });
    const result = await eventually('the bulk retry to finish', async () => {
      const status = await stack.api('GET', `/api/runs/bulk/${started.body.id}`);
      expect(status.status, JSON.stringify(status.body)).toBe(200);
      return status.body.done ? status.body : undefined;
    });
    expect(result).toMatchObject({ operation: 'retry', listed: 3, applied: 3, refused: 0, failed: 0, status: 'COMPLETED' });

    for (const runId of runIds) {
      const run = await eventually(`run ${runId} to complete`, async () => {
        const d = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
        return d.body.status === 'Completed' ? d.body : undefined;
      });
      expect(run.state.trail).toEqual(['start', 'enable', 'enable', 'done']);
    }
    // Each order was sent exactly once more.
    expect(await Promise.all(msisdns.map((m) => requestsFor(m).then((r) => r.length)))).toEqual([2, 2, 2]);

    const audit = await stack.api('GET', '/api/audit?kind=run&action=bulk-retry');
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ code: `bulk:${started.body.id}`, details: expect.objectContaining({ count: 3 }) })]));
    expect((await stack.api('GET', '/api/runs/bulk/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await stack.api('GET', '/api/runs/bulk/not-an-id')).status).toBe(422);
  });
});
