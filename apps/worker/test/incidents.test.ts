import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentUpdate, stateQuery, type InterpreterWorkflow, type RunState } from '@signalbox/contracts';
import type { ActionCode } from '@signalbox/domain';
import { waitFor } from '@signalbox/tools/wait';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// Incidents with the real simulator: a provider that is down makes the step fail (retries
// exhausted) with no failure path, so the run parks as an incident; an operator then retries
// (after the provider recovers), skips or fails it.

const GPRS = '/service/telco/gprs';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes[GPRS] = serviceType(GPRS);
});

afterAll(async () => {
  await h?.stop();
});

type RequestRecord = { method: string; status?: number; body?: { serviceOrderId?: string } };

async function posts(provider: string): Promise<RequestRecord[]> {
  const { items } = (await simulator(`/control/requests?provider=${provider}`)) as { items: RequestRecord[] };
  return items.filter((r) => r.method === 'POST');
}

/** A provider of its own, down from the start, and a one-step graph with only a success path. */
async function downProvider(patch: Partial<ActionCode> = {}, parameters: Record<string, unknown> = {}): Promise<{ provider: string; code: string }> {
  const provider = `inc-${randomUUID().slice(0, 8)}`;
  h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider);
  await simulator(`/control/providers/${provider}`, { method: 'PUT', body: { down: true } });
  const code = `ON_${provider.toUpperCase().replace(/-/g, '_')}`;
  h.catalog.actionCodes[code] = { ...provisioningCode(code, provider, parameters), retry: { maximumAttempts: 2, initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '200ms' }, ...patch };
  return { provider, code };
}

const successOnly = (code: string, onFailure?: 'incident' | 'fail') =>
  graph([start(), { ...action('a1', code, { apn: "'internet'" }), ...(onFailure ? { onFailure } : {}) }, end('ok')], ['start:next->a1', 'a1:success->ok']);

async function parked(run: WorkflowHandle<InterpreterWorkflow>): Promise<RunState> {
  return waitFor(
    async () => {
      const state = await run.query(stateQuery);
      return state.status === 'Incident' ? state : undefined;
    },
    { message: `${run.workflowId} to park as an incident` },
  );
}

describe('incidents', () => {
  it('parks a step whose provider is down, indexed by node and error, and a retry after recovery sends once more and completes', async () => {
    const { provider, code } = await downProvider();
    const run = await startRun(h, snapshot(h, 'INC_RETRY', successOnly(code)));
    const state = await parked(run);
    expect(state.nodes.a1.status).toBe('incident');
    expect(state.incidents).toEqual([expect.objectContaining({ nodeId: 'a1', outcome: 'failure', error: expect.stringMatching(/down|503/) })]);
    const attributes = await waitFor(async () => {
      const { searchAttributes } = await run.describe();
      return searchAttributes.RunStatus?.[0] === 'Incident' ? searchAttributes : undefined;
    });
    expect(attributes.IncidentNode).toEqual(['a1']);
    expect(String(attributes.IncidentError?.[0])).toMatch(/down|503/);

    const before = (await posts(provider)).length;
    expect(before).toBe(2); // both attempts of the retry policy reached the provider
    await simulator(`/control/providers/${provider}`, { method: 'PUT', body: { down: false } });
    await expect(run.executeUpdate(incidentUpdate, { args: [{ action: 'retry', inputs: { apn: 'ops' } }] })).resolves.toEqual({ nodeId: 'a1', action: 'retry' });

    const final = await finalRunState(run);
    expect(final.status).toBe('Completed');
    expect(final.trail).toEqual(['start', 'a1', 'a1', 'ok']);
    expect(final.nodes.a1).toMatchObject({ status: 'completed', input: { apn: 'ops' } });
    expect(final.incidents).toBeUndefined();
    // Exactly one more order went out, and the order history keeps both attempts.
    const after = await posts(provider);
    expect(after.length).toBe(before + 1);
    const orders = await h.store.list({ runWorkflowId: run.workflowId });
    expect(orders.items.map((o) => o.state).sort()).toEqual(['COMPLETED', 'FAILED']);
    const { searchAttributes } = await run.describe();
    // Cleared once resolved (a removed attribute reads back as [null] or not at all).
    expect((searchAttributes.IncidentNode ?? []).filter((v) => v !== null)).toEqual([]);
  });

  it('skips a parked step with the outcome and output an operator gives', async () => {
    const { code } = await downProvider();
    const run = await startRun(h, snapshot(h, 'INC_SKIP', successOnly(code)));
    await parked(run);
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'success', output: { done: 'by hand' } }] });
    const final = await finalRunState(run);
    expect(final.status).toBe('Completed');
    expect(final.trail).toEqual(['start', 'a1', 'ok']);
    expect(final.nodes.a1).toMatchObject({ status: 'skipped', outcome: 'success', output: { done: 'by hand' } });
  });

  it('fails the run when an operator says so, and refuses decisions that do not apply', async () => {
    const { code } = await downProvider();
    const run = await startRun(h, snapshot(h, 'INC_FAIL', successOnly(code)));
    await parked(run);
    await expect(run.executeUpdate(incidentUpdate, { args: [{ action: 'retry', nodeId: 'nope' }] })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'failure' }] })).rejects.toThrow();
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'fail', reason: 'provider gone for good' }] });
    const final = await finalRunState(run);
    expect(final.status).toBe('Failed');
    expect(final.reason).toBe('provider gone for good');
    expect(final.nodes.a1.status).toBe('failed');
    // Nothing is parked any more: a late decision is refused, not recorded.
    await expect(run.executeUpdate(incidentUpdate, { args: [{ action: 'retry' }] })).rejects.toThrow();
  });

  it('fails at once when the node says onFailure: fail', async () => {
    const { code } = await downProvider();
    const final = await finalRunState(await startRun(h, snapshot(h, 'INC_NODE_FAIL', successOnly(code, 'fail'))));
    expect(final.status).toBe('Failed');
    expect(final.nodes.a1.status).toBe('failed');
  });

  it('fails at once when the action code says onFailure: fail', async () => {
    const { code } = await downProvider({ onFailure: 'fail' });
    const final = await finalRunState(await startRun(h, snapshot(h, 'INC_CODE_FAIL', successOnly(code))));
    expect(final.status).toBe('Failed');
  });

  it('parks a queued order that gets no answer in time (timeout) and retries it', async () => {
    const provider = `incq-${randomUUID().slice(0, 8)}`;
    h.catalog.providers[provider] = simulatorProvider(h.simulatorUrl, provider, { mode: 'async' });
    await simulator(`/control/providers/${provider}`, { method: 'PUT', body: { mode: 'async', callbackDelayMs: 600_000 } });
    const code = `Q_${provider.toUpperCase().replace(/-/g, '_')}`;
    h.catalog.actionCodes[code] = provisioningCode(code, provider, { mode: 'queued', maxWait: '500ms' });
    const run = await startRun(h, snapshot(h, 'INC_QUEUED', successOnly(code)));
    const state = await parked(run);
    expect(state.incidents?.[0]).toMatchObject({ nodeId: 'a1', outcome: 'timeout' });
    expect(state.nodes.a1.status).toBe('incident');
    // The provider answers quickly now: the retried order completes.
    await simulator(`/control/providers/${provider}`, { method: 'PUT', body: { mode: 'async', callbackDelayMs: 100 } });
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'retry' }] });
    const final = await finalRunState(run);
    expect(final.status).toBe('Completed');
    expect(final.nodes.a1.attempt).toBe(2);
    expect((await posts(provider)).length).toBe(2);
  });

  it('parks a credit-control order whose provider is down (the same for every order kind) and retries it', async () => {
    const ocs = `inco-${randomUUID().slice(0, 8)}`;
    h.catalog.providers[ocs] = simulatorProvider(h.simulatorUrl, ocs);
    await simulator(`/control/providers/${ocs}`, { method: 'PUT', body: { down: true } });
    const code = `BAR_${ocs.toUpperCase().replace(/-/g, '_')}`;
    h.catalog.actionCodes[code] = {
      code,
      actionType: 'credit-control',
      name: 'Bar',
      parameters: { provider: ocs, operation: 'bar', barType: 'outgoing', reason: 'NON_PAYMENT' },
      retry: { maximumAttempts: 1, initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '100ms' },
    };
    const run = await startRun(h, snapshot(h, 'INC_BAR', successOnly(code)));
    await parked(run);
    expect(await posts(ocs)).toHaveLength(1);
    await simulator(`/control/providers/${ocs}`, { method: 'PUT', body: { down: false } });
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'retry' }] });
    expect((await finalRunState(run)).status).toBe('Completed');
    expect(await posts(ocs)).toHaveLength(2);
  });

  it('parks a communication that cannot be sent, and a skip lets the run go on', async () => {
    h.catalog.templates['INC_SMS'] = { code: 'INC_SMS', name: 'Incident SMS', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hello' }] };
    const g = graph([start(), { id: 'sms', kind: 'communication', template: 'INC_SMS', to: 'data.phone' }, end('ok')], ['start:next->sms', 'sms:success->ok']);
    const run = await startRun(h, snapshot(h, 'INC_SMS', g));
    const state = await parked(run);
    expect(state.incidents?.[0]).toMatchObject({ nodeId: 'sms', outcome: 'failure', error: expect.stringMatching(/no recipient/) });
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'success' }] });
    expect((await finalRunState(run)).trail).toEqual(['start', 'sms', 'ok']);
  });
});
