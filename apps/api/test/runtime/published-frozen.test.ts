import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, missingBuilds, startRuntimeStack, type RuntimeStack } from './runtime-stack';

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
    const missing = missingBuilds();
    if (missing.length) throw new Error(`build first (npm run build): ${missing.join(', ')} missing`);
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
});
