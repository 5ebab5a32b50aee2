import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';

/** A fresh MSISDN per call, so requests from other runs at the simulator never match. */
const msisdn = () => `4478${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

interface SimulatorRequest {
  body?: { subject?: Record<string, string>; action?: string; fields?: Record<string, unknown> };
}

/**
 * Published means frozen: a version runs the catalog entries as they were when it was published.
 * An analyst editing an action code must not change what a published version sends; the next
 * publish (an admin's) takes the edit.
 */
describe('a published version keeps the catalog it was published with', () => {
  let stack: RuntimeStack;
  let analystKey: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    const key = await stack.api('POST', '/api/keys', { name: 'frozen-analyst', role: 'analyst' });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    analystKey = key.body.key;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Raises BAR_NON_PAYMENT for a new subscriber; answers what the OCS received for it once the run ended. */
  const barAndReadOrder = async () => {
    const subject = { accountId: `acc-${randomUUID()}`, msisdn: msisdn() };
    const res = await stack.api('POST', '/api/events', { eventCode: 'BAR_NON_PAYMENT', subject, idempotencyKey: randomUUID(), data: { email: 'frozen@example.test' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const runId: string = res.body.runs[0].runId;
    const run = await eventually(`run ${runId} to end`, async () => {
      const detail = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(detail.body.status) ? detail.body : undefined;
    });
    const received = (await stack.simulator('GET', '/control/requests?provider=ocs-main')).body.items as SimulatorRequest[];
    const mine = received.filter((r) => r.body?.subject?.msisdn === subject.msisdn);
    expect(mine, stack.logs()).toHaveLength(1);
    return { version: run.version as number, order: mine[0].body! };
  };

  it('runs v1 as published after an analyst edits its action code, and the edit once published again', async () => {
    const before = await stack.api('GET', '/api/workflows/BAR_NON_PAYMENT');
    expect(before.body.catalogChangedSince).toBeNull();
    const published = before.body.versions.length as number;

    const current = await stack.api('GET', '/api/action-codes/OCS_BAR');
    expect(current.status).toBe(200);
    const { code, actionType, name, parameters, compensation } = current.body;
    const edited = await stack.api('PUT', '/api/action-codes/OCS_BAR', { code, actionType, name, compensation, parameters: { ...parameters, operation: 'unbar' } }, analystKey);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);

    const stale = await stack.api('GET', '/api/workflows/BAR_NON_PAYMENT');
    expect(stale.body.catalogChangedSince).toEqual({ version: published, entries: [{ kind: 'actionCodes', code: 'OCS_BAR', change: 'changed' }] });

    const frozen = await barAndReadOrder();
    expect(frozen.version).toBe(published);
    expect(frozen.order).toMatchObject({ action: 'A', fields: { operation: 'bar' } });

    const publish = await stack.api('POST', '/api/workflows/BAR_NON_PAYMENT/publish', { note: 'take the OCS_BAR edit' });
    expect(publish.status, JSON.stringify(publish.body)).toBe(201);
    expect(publish.body.version).toBe(published + 1);
    expect((await stack.api('GET', '/api/workflows/BAR_NON_PAYMENT')).body.catalogChangedSince).toBeNull();

    const diff = await stack.api('GET', `/api/workflows/BAR_NON_PAYMENT/diff?from=${published}&to=${published + 1}`);
    expect(diff.body.catalog).toEqual([{ kind: 'actionCodes', code: 'OCS_BAR', change: 'changed' }]);

    const taken = await barAndReadOrder();
    expect(taken.version).toBe(published + 1);
    expect(taken.order).toMatchObject({ action: 'D', fields: { operation: 'unbar' } });
  });
  it("sends with the request timeout frozen at publish, and with the provider's endpoint as it is now", async () => {
    const id = randomBytes(3).toString('hex');
    const provider = `frz-${id}`;
    const moved = `frz-${id}-moved`;
    // The provider answers after 1.5 s: a timeout of 20 s (published) waits for it, 200 ms would not.
    for (const code of [provider, moved]) expect((await stack.simulator('PUT', `/control/providers/${code}`, { mode: 'sync', latencyMs: 1_500 })).status).toBe(200);
    const definition = {
      code: provider,
      name: 'Frozen settings (test)',
      protocol: 'http',
      endpoints: [`${stack.simulatorUrl}/providers/${provider}`],
      auth: { type: 'none' },
      requestTimeoutMs: 20_000,
      mode: 'async',
    };
    expect((await stack.api('POST', '/api/providers', definition)).status).toBe(201);
    expect((await stack.api('POST', `/api/providers/${provider}/effective`, {})).status).toBe(200);
    const actionCode = `FRZ_${id.toUpperCase()}`;
    const created = await stack.api('POST', '/api/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: 'Frozen provider settings (test)',
      parameters: { provider, serviceType: '/service/telco/gsm', action: 'A', fields: ['msisdn'], mode: 'confirmed', timeout: '2m' },
      // One attempt: a send cut short by a 200 ms timeout fails the step instead of being retried.
      retry: { maximumAttempts: 1, initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1s' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const eventCode = `FRZ_EVENT_${id.toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code: eventCode, eventType: 'PROVISIONING', name: 'Frozen provider (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${eventCode}/draft`, { graph: oneActionGraph(actionCode) })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${eventCode}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    // After publishing, an admin shortens the timeout and moves the provider to another address.
    const edited = await stack.api('PUT', `/api/providers/${provider}`, { ...definition, state: 'effective', requestTimeoutMs: 200, endpoints: [`${stack.simulatorUrl}/providers/${moved}`] });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await stack.api('GET', `/api/workflows/${eventCode}`)).body.catalogChangedSince).toEqual({ version: 1, entries: [{ kind: 'providers', code: provider, change: 'changed' }] });

    const subject = { msisdn: msisdn() };
    const raised = await stack.api('POST', '/api/events', { eventCode, subject, idempotencyKey: randomUUID() });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId: string = raised.body.runs[0].runId;
    const run = await eventually(`run ${runId} to end`, async () => {
      const detail = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(detail.body.status) ? detail.body : undefined;
    });
    expect(run.status, JSON.stringify(run.state?.nodes?.enable)).toBe('Completed');
    expect(run.state.nodes.enable).toMatchObject({ status: 'completed', outcome: 'success' });
    // The endpoint is live: the order went to the new address, not the published one.
    const at = async (code: string) => ((await stack.simulator('GET', `/control/requests?provider=${code}`)).body.items as SimulatorRequest[]).filter((r) => r.body?.subject?.msisdn === subject.msisdn);
    expect(await at(moved)).toHaveLength(1);
    expect(await at(provider)).toHaveLength(0);
  });
});
