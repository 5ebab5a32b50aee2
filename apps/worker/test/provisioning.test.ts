import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceQueueWorkflowId, type OrderResponse, orderResponseSignal, stateQuery } from '@signalbox/contracts';
import { waitFor } from '@signalbox/tools/wait';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const hss = simulatorProvider(h.simulatorUrl, 'hss-prov');
  const slow = simulatorProvider(h.simulatorUrl, 'hss-hang');
  const agent = simulatorProvider(h.simulatorUrl, 'agent-async', { mode: 'async' });
  const agentCallback = simulatorProvider(h.simulatorUrl, 'agent-callback', { mode: 'async' });
  const down = simulatorProvider('http://127.0.0.1:9', 'hss-down', { requestTimeoutMs: 500 });
  const flaky = simulatorProvider(h.simulatorUrl, 'hss-flaky');
  Object.assign(h.catalog.providers, { [hss.code]: hss, [slow.code]: slow, [agent.code]: agent, [agentCallback.code]: agentCallback, [down.code]: down, [flaky.code]: flaky });
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
  const prov = (...args: Parameters<typeof provisioningCode>) => {
    h.catalog.actionCodes[args[0]] = provisioningCode(...args);
  };
  prov('HSS_ACTIVATE', 'hss-prov');
  prov('HSS_DEACTIVATE', 'hss-prov', { action: 'D' });
  prov('HSS_PREPARE', 'hss-prov', {}, 'HSS_DEACTIVATE');
  prov('HSS_HANGING', 'hss-hang', { timeout: '1s' });
  prov('AGENT_QUEUED', 'agent-async', { mode: 'queued', maxWait: '30s' });
  prov('AGENT_CALLBACK', 'agent-callback', { mode: 'queued', maxWait: '30s' });
  prov('AGENT_QUEUED_SHORT', 'agent-async', { mode: 'queued', maxWait: '500ms' });
  prov('HSS_DOWN', 'hss-down');
  prov('HSS_FLAKY', 'hss-flaky');
  await simulator('/control/providers/agent-async', { method: 'PUT', body: { mode: 'async', callbackDelayMs: 600_000 } });
  await simulator('/control/providers/agent-callback', { method: 'PUT', body: { mode: 'async', callbackDelayMs: 200 } });
  await simulator('/control/providers/hss-hang', { method: 'PUT', body: { hang: true } });
});

afterAll(async () => {
  await h?.stop();
});

/** Waits until the run's step `a1` has the status and returns its service-order id. */
async function stepReaches(run: WorkflowHandle, status: string): Promise<string> {
  return waitFor(
    async () => {
      const a1 = (await run.query(stateQuery)).nodes.a1;
      return a1?.status === status ? (a1.serviceOrderId as string) : undefined;
    },
    { message: `${run.workflowId} to reach ${status}` },
  );
}

const oneStep = (code: string) =>
  graph([start(), action('a1', code), end('ok'), end('bad', 'failed'), end('late', 'failed')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);

describe('provisioning', () => {
  it('confirmed mode: sends the order, records the exchange and completes the order', async () => {
    const run = await startRun(h, snapshot(h, 'GPRS_ON', oneStep('HSS_ACTIVATE')), { data: { apn: 'internet' } });
    const state = await finalRunState(run);
    expect(state.result).toBe('completed');
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    const orderId = state.nodes.a1.serviceOrderId as string;
    const order = await h.store.get(orderId);
    expect(order?.state).toBe('COMPLETED');
    expect(order?.fields).toMatchObject({ msisdn: '447700900123', apn: 'internet' });
    expect(order?.exchanges.map((e) => e.direction)).toEqual(['state-change', 'state-change', 'request', 'response', 'state-change']);
    const queried = await run.query(stateQuery);
    expect(queried.status).toBe('Completed');
  });

  it('confirmed mode: a hanging provider times out, the order fails and compensations run in reverse', async () => {
    const g = graph(
      [start(), action('bar', 'HSS_PREPARE'), action('hang', 'HSS_HANGING'), end('ok'), end('late', 'failed')],
      ['start:next->bar', 'bar:success->hang', 'hang:success->ok', 'hang:timeout->late'],
    );
    const run = await startRun(h, snapshot(h, 'HANGS', g));
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'bar', 'hang', 'late']);
    expect(state.nodes.hang.status).toBe('timed-out');
    expect(state.nodes.bar.status).toBe('compensated');
    expect(state.result).toBe('failed');
    const hung = await h.store.get(state.nodes.hang.serviceOrderId as string);
    expect(hung?.state).toBe('FAILED');
    const orders = await h.store.list({ runWorkflowId: run.workflowId }, { pageSize: 20 });
    // The earlier step was undone by its compensation (HSS_DEACTIVATE) after the timeout.
    const byNode = orders.items.map((o) => `${o.nodeId}:${o.action}:${o.state}`).sort();
    expect(byNode).toEqual(['bar:A:COMPLETED', 'bar~undo:D:COMPLETED', 'hang:A:FAILED']);
  });

  it('queued mode: the run waits for the response signal and completes the order', async () => {
    const run = await startRun(h, snapshot(h, 'QUEUED', oneStep('AGENT_QUEUED')));
    const orderId = await stepReaches(run, 'sent-to-network');
    expect((await h.store.get(orderId))?.state).toBe('PROCESSING');
    const response: OrderResponse = { serviceOrderId: orderId, status: 'COMPLETED', payload: { hlr: 'ok' } };
    await run.signal(orderResponseSignal, response);
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1.output).toMatchObject({ serviceOrderId: orderId, hlr: 'ok' });
    expect((await h.store.get(orderId))?.state).toBe('COMPLETED');
  });

  it('queued mode: the provider’s callback reaches the run through the response endpoint', async () => {
    const run = await startRun(h, snapshot(h, 'CALLBACK', oneStep('AGENT_CALLBACK')));
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    const order = await h.store.get(state.nodes.a1.serviceOrderId as string);
    expect(order?.state).toBe('COMPLETED');
    expect(order?.exchanges.some((e) => e.direction === 'callback')).toBe(true);
  });

  it('queued mode: no response within the maximum wait takes the timeout edge and fails the order', async () => {
    const run = await startRun(h, snapshot(h, 'QUEUED_LATE', oneStep('AGENT_QUEUED_SHORT')));
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'late']);
    expect((await h.store.get(state.nodes.a1.serviceOrderId as string))?.state).toBe('FAILED');
  });

  it('keeps one order in flight per service: the second run’s order starts after the first completes', async () => {
    const serviceId = `svc-shared-${Date.now()}`;
    const snap = snapshot(h, 'QUEUED_PAIR', oneStep('AGENT_QUEUED'));
    const first = await startRun(h, snap, { subject: { msisdn: '447700900124', serviceId } });
    const firstOrder = await stepReaches(first, 'sent-to-network');
    const second = await startRun(h, snap, { subject: { msisdn: '447700900124', serviceId } });
    const secondOrder = await stepReaches(second, 'awaiting-network');
    // The service's slot rows hold the second order behind the first (which keeps its slot
    // until we answer it): the line itself proves it, no waiting a while.
    const line = await waitFor(
      async () => {
        const s = await h.slots.line(serviceQueueWorkflowId(serviceId));
        return s.waiting.some((w) => w.requestId === secondOrder) ? s : undefined;
      },
      { message: 'the second order to queue behind the first' },
    );
    expect(line.holders.map((x) => x.requestId)).toEqual([firstOrder]);
    expect(line.waiting.map((x) => x.requestId)).toEqual([secondOrder]);
    expect((await second.query(stateQuery)).nodes.a1.status).toBe('awaiting-network');
    // Not even created in the database.
    expect(await h.store.get(secondOrder)).toBeNull();
    await first.signal(orderResponseSignal, { serviceOrderId: firstOrder, status: 'COMPLETED' });
    await finalRunState(first);
    expect(await stepReaches(second, 'sent-to-network')).toBe(secondOrder);
    await second.signal(orderResponseSignal, { serviceOrderId: secondOrder, status: 'COMPLETED' });
    expect((await finalRunState(second)).result).toBe('completed');
    const first1 = await h.store.get(firstOrder);
    const second1 = await h.store.get(secondOrder);
    expect(Date.parse(second1!.createdAt)).toBeGreaterThanOrEqual(Date.parse(first1!.closedAt!));
  });

  it('retries a failed send with the same idempotency key: the provider sees one order', async () => {
    await simulator('/control/providers/hss-flaky', { method: 'PUT', body: { errorNext: 1 } });
    const run = await startRun(h, snapshot(h, 'FLAKY', oneStep('HSS_FLAKY')));
    const state = await finalRunState(run);
    expect(state.result).toBe('completed');
    expect(state.nodes.a1.attempt).toBe(2);
    const stats = (await simulator('/control/providers/hss-flaky')) as { stats: { received: number; duplicates: number; completed: number } };
    expect(stats.stats.completed).toBe(1);
    expect(stats.stats.duplicates).toBe(0);
  });

  it('takes the failure edge after retries when the provider is down', async () => {
    const run = await startRun(h, snapshot(h, 'DOWN', oneStep('HSS_DOWN')));
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'bad']);
    expect(state.nodes.a1.error).toMatch(/^provider hss-down is unavailable: http:\/\/127\.0\.0\.1:9\S* is unreachable/);
    const order = await h.store.get(state.nodes.a1.serviceOrderId as string);
    expect(order?.state).toBe('FAILED');
    // Every attempt of the retry policy (maximumAttempts 3) was made and logged.
    expect(order?.exchanges.filter((e) => e.direction === 'request').map((e) => e.note)).toEqual(['attempt 1', 'attempt 2', 'attempt 3']);
  });
});
