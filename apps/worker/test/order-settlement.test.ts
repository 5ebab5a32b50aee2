import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type ActionRequest, type ActionResult, type Activities } from '@signalbox/activities';
import { providerTaskQueue, type RunState } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { createProviderWorker } from '../src/create-worker';
import { action, end, graph, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

// The order's record (the database) settles a provisioning step whose answer did not come through
// Temporal: a send retried after it settled, a send no worker ever ran before its timeout, and a
// send whose worker reported only after the timeout.

const GPRS = '/service/telco/gprs';
let h: Harness;
let connection: NativeConnection;
let activities: Activities;

beforeAll(async () => {
  h = await startHarness();
  h.catalog.serviceTypes[GPRS] = serviceType(GPRS);
  connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  activities = createActivities({
    orders: h.store,
    slots: h.slots,
    providers: { load: async (code) => h.catalog.providers[code] },
    temporal: h.client,
    config: { taskQueue: h.taskQueue, simulatorUrl: h.simulatorUrl, smtp: { host: '127.0.0.1', port: inject('smtpPort'), from: 'signalbox@test' } },
  });
});

afterAll(async () => {
  await connection?.close();
  await h?.stop();
});

/** A provider whose sends go to its own task queue (it has a rate limit), served only when a test starts a worker there. */
function queuedProvider(code: string): Provider {
  const provider = simulatorProvider(h.simulatorUrl, code, { rateLimit: { perSecond: 100, burst: 100 } });
  h.catalog.providers[code] = provider;
  h.catalog.actionCodes[`ON_${code}`] = {
    code: `ON_${code}`,
    actionType: 'provisioning',
    name: `On at ${code}`,
    parameters: { provider: code, serviceType: GPRS, action: 'A', fields: [], mode: 'confirmed', timeout: '3s', maxWait: '1h', priority: 'normal' },
    retry: { maximumAttempts: 2, initialInterval: '100ms', backoffCoefficient: 2, maximumInterval: '1s' },
  };
  return provider;
}

const oneStep = (code: string) =>
  graph([start(), action('a1', `ON_${code}`), end('ok'), end('bad', 'failed'), end('late')], ['start:next->a1', 'a1:success->ok', 'a1:failure->bad', 'a1:timeout->late']);

async function withProviderWorker<T>(code: string, acts: Activities, body: () => Promise<T>): Promise<T> {
  const worker: Worker = await createProviderWorker({ connection, namespace: inject('temporalNamespace'), taskQueue: providerTaskQueue(code, h.taskQueue), activities: acts, perSecond: 100 });
  const running = worker.run();
  try {
    return await body();
  } finally {
    worker.shutdown();
    await running;
  }
}

describe('a provisioning step settled from the order record', () => {
  it('a retried send answers with the same output as the attempt that settled the order', async () => {
    const provider = simulatorProvider(h.simulatorUrl, `hss-retry-${randomUUID().slice(0, 8)}`);
    h.catalog.providers[provider.code] = provider;
    const msisdn = `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const req: ActionRequest = {
      workflowId: `run:RETRY:${randomUUID()}`,
      nodeId: 'a1',
      actionCode: { code: 'ON', actionType: 'provisioning', name: 'On', parameters: { provider: provider.code, serviceType: GPRS, action: 'A', fields: [], timeout: '20s', maxWait: '1h', priority: 'normal' } },
      inputs: {},
      subject: { msisdn },
      data: {},
      test: false,
      provider,
      serviceType: serviceType(GPRS),
      serviceOrderId: randomUUID(),
      serviceKey: msisdn,
      mode: 'confirmed',
    };
    const first = (await new MockActivityEnvironment({ attempt: 1 }).run(activities.provisioning, req)) as ActionResult;
    // The worker died before reporting: Temporal runs the activity again for the same order.
    const retry = (await new MockActivityEnvironment({ attempt: 2 }).run(activities.provisioning, req)) as ActionResult;
    expect(first).toMatchObject({ outcome: 'success', output: { serviceOrderId: req.serviceOrderId, status: 'COMPLETED', state: { msisdn } } });
    expect(retry.output).toEqual(first.output);
    const { items } = (await simulator(`/control/requests?provider=${provider.code}`)) as { items: { method: string }[] };
    expect(items.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a confirmed send no worker ran before its timeout takes the timeout path', async () => {
    const code = `hss-nobody-${randomUUID().slice(0, 8)}`;
    queuedProvider(code);
    // No worker polls the provider's queue: the send times out before anyone handled it.
    const run = await startRun(h, snapshot(h, 'NOBODY', oneStep(code)));
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'a1', 'late']);
    expect(state.nodes.a1).toMatchObject({ status: 'timed-out', outcome: 'timeout' });
    expect(state.nodes.a1.error).not.toMatch(/does not exist/);
    expect(state.result).toBe('completed');
    expect(await h.store.get(state.nodes.a1.serviceOrderId as string)).toBeNull();
  });

  it('a send whose worker reports after the timeout settles from the answer the order stored', async () => {
    const code = `hss-late-${randomUUID().slice(0, 8)}`;
    queuedProvider(code);
    // The provider answers at once and the order is stored COMPLETED, but the worker reports only
    // after Temporal timed the attempt out (as when Temporal was away while the answer came).
    const late: Activities = {
      ...activities,
      provisioning: async (req) => {
        const result = await activities.provisioning(req);
        const ctx = Context.current();
        for (;;) {
          ctx.heartbeat();
          try {
            await ctx.sleep(200);
          } catch {
            return result; // cancelled: Temporal no longer knows the attempt
          }
        }
      },
    };
    const state = await withProviderWorker(code, late, async () => finalRunState(await startRun(h, snapshot(h, 'LATE', oneStep(code)))));
    const order = await h.store.get(state.nodes.a1.serviceOrderId as string);
    expect(order?.state).toBe('COMPLETED');
    expect(state.trail).toEqual(['start', 'a1', 'ok']);
    expect(state.nodes.a1).toMatchObject({ status: 'completed', outcome: 'success', output: { status: 'COMPLETED', state: { msisdn: '447700900123' } } });
    expect(order?.exchanges.filter((e) => e.note?.startsWith('refused:'))).toEqual([]);
  });
});

describe('a run that ends failed', () => {
  it('fails in Temporal too, carrying its final state', async () => {
    const run = await startRun(h, snapshot(h, 'FAILS', graph([start(), { id: 'stop', kind: 'end', result: 'failed', reason: 'customer unknown' }], ['start:next->stop'])));
    await expect(run.result()).rejects.toThrow();
    expect((await run.describe()).status.name).toBe('FAILED');
    const state: RunState = await finalRunState(run);
    expect(state).toMatchObject({ result: 'failed', reason: 'customer unknown', status: 'Failed', trail: ['start', 'stop'] });
  });
});
