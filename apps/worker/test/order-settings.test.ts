import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerQueueWorkflowId, releaseSignal, serviceQueueStateQuery, serviceQueueWorkflowId, orderResponseSignal, WORKFLOW_TYPES } from '@signalbox/contracts';
import type { SlotLine } from '@signalbox/persistence';
import type { ActionCode, Provider } from '@signalbox/domain';
import { action, end, graph, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { waitFor } from '@signalbox/tools/wait';
import { finalRunState } from './run-result';

/** The settings of issue 11 ("every setting works or is gone"), each observed at the simulator. */

let h: Harness;
const GPRS = '/service/telco/gprs';

beforeAll(async () => {
  // Asks Temporal each time whether a queue workflow from before slots were rows is open (one test opens one).
  h = await startHarness({ config: { legacyQueueRecheckMs: 0 } });
  h.catalog.serviceTypes[GPRS] = serviceType(GPRS, { fields: ['msisdn', 'data.tag'] });
});

afterAll(async () => {
  await h?.stop();
});

const uniq = () => randomUUID().slice(0, 8);

type RequestRecord = { at: string; method: string; body: { serviceOrderId?: string; serviceType?: string; fields?: { tag?: string } } };

async function requestsTo(provider: string): Promise<RequestRecord[]> {
  const { items } = (await simulator(`/control/requests?provider=${provider}`)) as { items: RequestRecord[] };
  return items.filter((r) => r.method === 'POST').sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A provider served by the simulator; `held` answers 202 and calls back only after ten minutes. */
async function provider(patch: Partial<Provider> = {}, options: { held?: boolean } = {}): Promise<string> {
  const code = `p-${uniq()}`;
  h.catalog.providers[code] = simulatorProvider(h.simulatorUrl, code, patch);
  if (options.held) await simulator(`/control/providers/${code}`, { method: 'PUT', body: { mode: 'async', callbackDelayMs: 600_000 } });
  return code;
}

function actionCode(code: ActionCode): string {
  h.catalog.actionCodes[code.code] = code;
  return code.code;
}

function activate(providerCode: string, patch: Record<string, unknown> = {}): string {
  return actionCode({
    code: `ACT_${uniq().toUpperCase()}`,
    actionType: 'provisioning',
    name: 'Activate',
    parameters: { provider: providerCode, serviceType: GPRS, action: 'A', fields: [], timeout: '120s', maxWait: '1h', priority: 'normal', ...patch },
  });
}

/** Starts a run of one action node (success → ok, failure → bad, timeout → late). */
function runOne(code: string, subject: Record<string, string>, data: Record<string, unknown> = {}) {
  const g = graph([start(), action('a1', code), end('ok'), end('bad', 'failed'), end('late', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);
  return startRun(h, snapshot(h, `EV_${code}`, g), { subject, data });
}

/** Who holds and who waits for a service's (or sync provider's) slot: the slots' rows. */
function queueState(queueKey: string): Promise<SlotLine> {
  return h.slots.line(queueKey);
}

/**
 * A run whose order holds its slots until `answer()`: queued mode on a provider that answers 202
 * and calls back only after ten minutes, answered instead by the response signal.
 */
async function heldOrder(subject: Record<string, string>, patch: Partial<Provider> = {}) {
  const code = await provider(patch, { held: true });
  const run = await runOne(activate(code, { mode: 'queued' }), subject);
  const before = (await requestsTo(code)).length;
  const [sent] = await waitFor(async () => {
    const requests = await requestsTo(code);
    return requests.length > before ? requests.slice(before) : undefined;
  }, { message: `the held order at ${code}`, timeout: 60_000 });
  return {
    run,
    providerCode: code,
    async answer(): Promise<number> {
      const at = Date.now();
      await h.client.workflow.getHandle(run.workflowId).signal(orderResponseSignal, { serviceOrderId: sent.body.serviceOrderId as string, status: 'COMPLETED' });
      return at;
    },
  };
}

describe('priority', () => {
  it('puts an express order ahead of the normal ones waiting for the same service', async () => {
    const subject = { serviceId: `svc-${uniq()}`, msisdn: '447700900301' };
    const held = await heldOrder(subject);
    const target = await provider();
    const normal = activate(target);
    const express = activate(target, { priority: 'express' });
    const queue = serviceQueueWorkflowId(subject.serviceId);

    const a = await runOne(normal, subject, { tag: 'a' });
    await waitFor(async () => (await queueState(queue)).waiting.length === 1, { message: 'a waiting', timeout: 60_000 });
    const b = await runOne(normal, subject, { tag: 'b' });
    await waitFor(async () => (await queueState(queue)).waiting.length === 2, { message: 'b waiting', timeout: 60_000 });
    const c = await runOne(express, subject, { tag: 'c' });
    await waitFor(async () => (await queueState(queue)).waiting.length === 3, { message: 'c waiting', timeout: 60_000 });
    expect((await queueState(queue)).waiting.map((w) => w.runWorkflowId)).toEqual([c.workflowId, a.workflowId, b.workflowId]);

    await held.answer();
    const states = await Promise.all([held.run, a, b, c].map((r) => finalRunState(r)));
    expect(states.map((s) => s.result)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect((await requestsTo(target)).map((r) => r.body.fields?.tag)).toEqual(['c', 'a', 'b']);
  });
});

describe('every order kind waits in the service queue', () => {
  const codes: Record<string, (provider: string) => ActionCode> = {
    'credit-control': (p) => ({ code: `BAR_${uniq().toUpperCase()}`, actionType: 'credit-control', name: 'Bar', parameters: { provider: p, operation: 'bar', barType: 'outgoing' } }),
    'subscription-service': (p) => ({ code: `TOPUP_${uniq().toUpperCase()}`, actionType: 'subscription-service', name: 'Top-up', parameters: { provider: p, operation: 'add', service: 'AIRTIME' } }),
    'http-call': (p) => ({ code: `CALL_${uniq().toUpperCase()}`, actionType: 'http-call', name: 'Call', parameters: { provider: p, method: 'POST', path: '/orders' } }),
  };

  it.each(Object.keys(codes))('%s is sent only once the service’s order in flight has settled', async (kind) => {
    const subject = { serviceId: `svc-${uniq()}`, msisdn: '447700900302' };
    const held = await heldOrder(subject);
    const target = await provider();
    const run = await runOne(actionCode(codes[kind](target)), subject, { amount: 5 });
    const queue = serviceQueueWorkflowId(subject.serviceId);

    await waitFor(async () => (await queueState(queue)).waiting.length === 1 || (await requestsTo(target)).length > 0, { message: `the ${kind} order waiting in the queue or at the provider`, timeout: 60_000 });
    expect(await requestsTo(target)).toEqual([]);
    expect((await queueState(queue)).waiting.map((w) => w.runWorkflowId)).toEqual([run.workflowId]);

    const answeredAt = await held.answer();
    await finalRunState(run);
    const sent = await requestsTo(target);
    expect(sent).toHaveLength(1);
    expect(Date.parse(sent[0].at)).toBeGreaterThanOrEqual(answeredAt);
  });
});

describe('slots held by runs that are gone', () => {
  it('a holder terminated while holding is released by a waiting order’s check, and the waiter is sent', async () => {
    const subject = { serviceId: `svc-${uniq()}`, msisdn: '447700900305' };
    const held = await heldOrder(subject);
    const target = await provider();
    const waiter = await runOne(activate(target), subject);
    const queue = serviceQueueWorkflowId(subject.serviceId);
    const [waiting] = (await waitFor(async () => {
      const line = await queueState(queue);
      return line.waiting.length === 1 ? line.waiting : undefined;
    }, { message: 'the second order waiting', timeout: 60_000 }));
    expect(waiting.runWorkflowId).toBe(waiter.workflowId);

    // Terminated, the holder can never hand its slot back.
    await h.client.workflow.getHandle(held.run.workflowId).terminate('operator test');
    // What a waiting run's periodic check does (here asked by another order, so the waiter is signalled).
    expect(await h.activities.checkServiceSlot({ queueWorkflowId: queue, requestId: `probe-${uniq()}` })).toEqual({ granted: false });
    expect((await finalRunState(waiter)).result).toBe('completed');
    expect(await requestsTo(target)).toHaveLength(1);
    expect(await queueState(queue)).toEqual({ queueKey: queue, holders: [], waiting: [] });
  });

  it('a run cancelled while waiting leaves the line and is never granted the slot', async () => {
    const subject = { serviceId: `svc-${uniq()}`, msisdn: '447700900306' };
    const held = await heldOrder(subject);
    const target = await provider();
    const waiter = await runOne(activate(target), subject);
    const queue = serviceQueueWorkflowId(subject.serviceId);
    await waitFor(async () => (await queueState(queue)).waiting.length === 1, { message: 'the second order waiting', timeout: 60_000 });

    await h.client.workflow.getHandle(waiter.workflowId).cancel();
    await waitFor(async () => (await queueState(queue)).waiting.length === 0, { message: 'the cancelled order to leave the line', timeout: 60_000 });
    expect((await queueState(queue)).holders.map((x) => x.runWorkflowId)).toEqual([held.run.workflowId]);

    await held.answer();
    expect((await finalRunState(held.run)).result).toBe('completed');
    await waitFor(async () => (await queueState(queue)).holders.length === 0, { message: 'the slot handed back', timeout: 60_000 });
    expect(await requestsTo(target)).toEqual([]);
  });
});

describe('a service that still has a queue workflow (an upgrade from before slots were rows)', () => {
  it('an order joins the open queue workflow, not the rows, and is sent once the queue grants it', async () => {
    const subject = { serviceId: `svc-${uniq()}`, msisdn: '447700900307' };
    const queueId = serviceQueueWorkflowId(subject.serviceId);
    // An older run holds the service in its queue workflow.
    const olderOrder = `older-${uniq()}`;
    const queue = await h.client.workflow.start(WORKFLOW_TYPES.serviceQueue, {
      workflowId: queueId,
      taskQueue: h.taskQueue,
      args: [{ serviceKey: subject.serviceId, holders: [{ requestId: olderOrder, runWorkflowId: `run:older-${uniq()}`, concurrent: false }] }],
    });
    const open = `WorkflowType = '${WORKFLOW_TYPES.serviceQueue}' AND ExecutionStatus = 'Running'`;
    await waitFor(async () => (await h.client.workflow.count(open)).count > 0, { message: 'the queue workflow to be listed as open', timeout: 60_000 });
    const target = await provider();
    const run = await runOne(activate(target), subject);

    await waitFor(async () => (await queue.query(serviceQueueStateQuery)).waiting.length === 1, { message: 'the order waiting in the queue workflow', timeout: 60_000 });
    expect(await queueState(queueId)).toEqual({ queueKey: queueId, holders: [], waiting: [] });
    expect(await requestsTo(target)).toEqual([]);

    await queue.signal(releaseSignal, { requestId: olderOrder, outcome: 'COMPLETED' });
    expect((await finalRunState(run)).result).toBe('completed');
    expect(await requestsTo(target)).toHaveLength(1);
    expect(await queueState(queueId)).toEqual({ queueKey: queueId, holders: [], waiting: [] });
  });
});

describe('provider mode sync', () => {
  it('sends one order at a time per provider, each answered before the next is sent', async () => {
    const held = await heldOrder({ serviceId: `svc-${uniq()}` }, { mode: 'sync' });
    // A second order to the same provider, for another service (so only the provider can hold it).
    const second = await runOne(activate(held.providerCode, { mode: 'queued' }), { serviceId: `svc-${uniq()}` });
    const queue = providerQueueWorkflowId(held.providerCode);

    await waitFor(async () => {
      if ((await requestsTo(held.providerCode)).length > 1) return true;
      return (await queueState(queue).catch(() => undefined))?.waiting.length === 1;
    }, { message: 'the second order waiting for the provider, or sent', timeout: 60_000 });
    expect(await requestsTo(held.providerCode)).toHaveLength(1);

    const answeredAt = await held.answer();
    const [, next] = await waitFor(async () => {
      const requests = await requestsTo(held.providerCode);
      return requests.length === 2 ? requests : undefined;
    }, { message: 'the second order sent', timeout: 60_000 });
    expect(Date.parse(next.at)).toBeGreaterThanOrEqual(answeredAt);
    await h.client.workflow.getHandle(second.workflowId).signal(orderResponseSignal, { serviceOrderId: next.body.serviceOrderId as string, status: 'COMPLETED' });
    expect((await finalRunState(second)).result).toBe('completed');
    expect((await finalRunState(held.run)).result).toBe('completed');
  });

  it('leaves an async provider’s orders in flight together', async () => {
    const held = await heldOrder({ serviceId: `svc-${uniq()}` }, { mode: 'async' });
    const second = await runOne(activate(held.providerCode, { mode: 'queued' }), { serviceId: `svc-${uniq()}` });
    const [, next] = await waitFor(async () => {
      const requests = await requestsTo(held.providerCode);
      return requests.length === 2 ? requests : undefined;
    }, { message: 'both orders at the provider', timeout: 60_000 });
    await held.answer();
    await h.client.workflow.getHandle(second.workflowId).signal(orderResponseSignal, { serviceOrderId: next.body.serviceOrderId as string, status: 'COMPLETED' });
    expect((await finalRunState(second)).result).toBe('completed');
  });
});

describe('service type settings', () => {
  it('sends nothing for a non-telco service type that is not permitted, and says so', async () => {
    const code = '/service/tv/not-permitted';
    h.catalog.serviceTypes[code] = serviceType(code, { telco: false, permitted: false });
    const target = await provider();
    const run = await runOne(activate(target, { serviceType: code }), { serviceId: `svc-${uniq()}` });
    const state = await finalRunState(run);

    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1).toMatchObject({ status: 'skipped', outcome: 'success', output: { skipped: true, reason: expect.stringContaining('not permitted') } });
    expect(await requestsTo(target)).toEqual([]);
    expect((await h.store.list({ runWorkflowId: run.workflowId })).items).toEqual([]);
  });

  /** A service type whose COMPLETED and FAILED transitions each run an action code at `ocs`. */
  async function serviceTypeWithActions() {
    const code = `/service/telco/tx-${uniq()}`;
    const ocs = await provider();
    const onCompleted = actionCode({ code: `TOPUP_${uniq().toUpperCase()}`, actionType: 'subscription-service', name: 'Welcome bundle', parameters: { provider: ocs, operation: 'add', service: 'WELCOME' } });
    const onFailed = actionCode({ code: `BAR_${uniq().toUpperCase()}`, actionType: 'credit-control', name: 'Bar', parameters: { provider: ocs, operation: 'bar', barType: 'full' } });
    h.catalog.serviceTypes[code] = serviceType(code, {
      transitions: [
        { from: 'NEW', to: 'READY' },
        { from: 'READY', to: 'PROCESSING' },
        { from: 'PROCESSING', to: 'COMPLETED', actionCode: onCompleted },
        { from: 'PROCESSING', to: 'FAILED', actionCode: onFailed },
        { from: 'NEW', to: 'FAILED' },
        { from: 'READY', to: 'FAILED' },
      ],
    });
    return { code, ocs, onCompleted, onFailed };
  }

  it('runs a transition’s action when the order makes that transition (and not the others)', async () => {
    const { code, ocs, onCompleted } = await serviceTypeWithActions();
    const target = await provider();
    const run = await runOne(activate(target, { serviceType: code }), { serviceId: `svc-${uniq()}`, msisdn: '447700900303' });
    const state = await finalRunState(run);

    expect(state.result).toBe('completed');
    expect(state.nodes.a1.output).toMatchObject({ transitionActions: [{ transition: 'PROCESSING->COMPLETED', actionCode: onCompleted, outcome: 'success' }] });
    const atOcs = await requestsTo(ocs);
    expect(atOcs.map((r) => r.body.serviceType)).toEqual(['/service/charging/subscription']);
    const orders = (await h.store.list({ runWorkflowId: run.workflowId })).items;
    expect(orders.map((o) => [o.nodeId, o.state]).sort()).toEqual([
      ['a1', 'COMPLETED'],
      ['a1~PROCESSING-COMPLETED', 'COMPLETED'],
    ]);
  });

  it('runs the FAILED transition’s action when a confirmed order times out', async () => {
    const { code, ocs, onFailed } = await serviceTypeWithActions();
    const target = await provider();
    await simulator(`/control/providers/${target}`, { method: 'PUT', body: { hangNext: 1 } });
    const run = await runOne(activate(target, { serviceType: code, timeout: '3s' }), { serviceId: `svc-${uniq()}`, msisdn: '447700900304' });
    const state = await finalRunState(run);

    expect(state.trail).toEqual(['start', 'a1', 'late']);
    expect(state.nodes.a1.output).toMatchObject({ transitionActions: [{ transition: 'PROCESSING->FAILED', actionCode: onFailed, outcome: 'success' }] });
    expect((await requestsTo(ocs)).map((r) => r.body.serviceType)).toEqual(['/service/charging/bar']);
  });
});
