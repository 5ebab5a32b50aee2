import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';

// A provider's answer posted while Temporal is unavailable is recorded by the API and still reaches
// the run: posted again it is delivered again, and the run reads recorded answers itself. Through
// the real API, worker and simulator, with the stack's own Temporal server stopped and restarted.

describe('answers during a Temporal outage; failed runs', () => {
  let stack: RuntimeStack;
  let agentKey: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack({ ownTemporal: true });
    const agent = await stack.api('POST', '/api/keys', { name: 'ca agent', role: 'agent', providers: ['ca-platform'] });
    expect(agent.status).toBe(201);
    agentKey = agent.body.key;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const outage = () => {
    if (!stack.temporalOutage) throw new Error('the stack has no Temporal of its own');
    return stack.temporalOutage;
  };

  /** Publishes a one-step event code around `actionCode`; `failed` ends the run failed on every outcome. */
  async function publish(actionCode: string, failed = false): Promise<string> {
    const code = `OUT_${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Outage (test)', requiredSubjectKeys: ['accountId'] })).status).toBe(201);
    const graph = oneActionGraph(actionCode, failed ? 'failed' : 'completed');
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return code;
  }

  async function raise(code: string): Promise<string> {
    const id = randomBytes(4).toString('hex');
    // A service id names the subscriber at the simulator, which then answers COMPLETED.
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject: { accountId: `ACC-${id}`, serviceId: `ott-${id}` }, data: { ottPackage: 'gold' } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    return raised.body.runs[0].runId as string;
  }

  const runView = async (runId: string) => (await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body;
  const runDone = (runId: string, timeoutMs = 120_000) =>
    eventually(`run ${runId} to end`, async () => {
      const view = await runView(runId);
      return ['Completed', 'Failed', 'Cancelled'].includes(view.status) ? view : undefined;
    }, timeoutMs);

  /** The run's order once the run waits for the provider's answer. */
  async function waitingOrder(runId: string): Promise<string> {
    const view = await eventually('the run to wait for the answer', async () => {
      const v = await runView(runId);
      return v.state?.nodes?.enable?.status === 'sent-to-network' ? v : undefined;
    });
    return view.state.nodes.enable.serviceOrderId as string;
  }

  it("an agent's answer refused during the outage is delivered when posted again, and the run completes with it", async () => {
    // CA_ENABLE_OTT waits up to 2 h: the run can only complete within this test by the delivery.
    const code = await publish('CA_ENABLE_OTT');
    expect((await stack.simulator('PUT', '/control/providers/ca-platform', { mode: 'async', callbackDelayMs: 3_600_000 })).status).toBe(200);
    const runId = await raise(code);
    const orderId = await waitingOrder(runId);
    const answer = { serviceOrderId: orderId, status: 'COMPLETED', message: 'enabled', state: { ott: 'gold' } };

    await outage().stop();
    try {
      const refused = await stack.api('POST', `/api/service-orders/${orderId}/response`, answer, agentKey);
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    } finally {
      await outage().restart();
    }
    const again = await eventually('the API to reach Temporal again', async () => {
      const res = await stack.api('POST', `/api/service-orders/${orderId}/response`, answer, agentKey);
      return res.status === 503 ? undefined : res;
    });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body).toMatchObject({ serviceOrderId: orderId, recorded: true, runId, redelivered: true });

    const detail = await runDone(runId);
    expect(detail.status, stack.logs()).toBe('Completed');
    expect(detail.state.nodes.enable).toMatchObject({ status: 'completed', outcome: 'success', output: { serviceOrderId: orderId, ott: 'gold' } });
    const order = (await stack.api('GET', `/api/service-orders/${orderId}`)).body;
    expect(order.state).toBe('COMPLETED');
    expect(order.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(1);
    // Settled: a further repeat is a no-op.
    expect((await stack.api('POST', `/api/service-orders/${orderId}/response`, answer, agentKey)).status).toBe(200);
  });

  it("the simulator's callback during the outage is applied: the run completes with the provider's answer", async () => {
    const actionCode = `CA_OTT_${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await stack.api('POST', '/api/action-codes', {
      code: actionCode,
      actionType: 'provisioning',
      name: 'Enable OTT, short wait (test)',
      parameters: { provider: 'ca-platform', serviceType: '/service/tv/ott', action: 'A', fields: ['accountId', 'data.ottPackage'], mode: 'queued', maxWait: '60s' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const code = await publish(actionCode);
    // The provider answers by callback 15 s after accepting: the test stops Temporal before that.
    const behaviour = { mode: 'async', callbackDelayMs: 15_000, callbackHeaders: { authorization: `Bearer ${agentKey}` } };
    expect((await stack.simulator('PUT', '/control/providers/ca-platform', behaviour)).status).toBe(200);
    const runId = await raise(code);
    const orderId = await waitingOrder(runId);

    const attempts = async () => {
      const { body } = await stack.simulator('GET', '/control/callbacks?provider=ca-platform');
      return (body.items as { serviceOrderId?: string; attempt: number; delivered: boolean }[]).filter((a) => a.serviceOrderId === orderId);
    };
    await outage().stop();
    try {
      // The callback reaches the API while Temporal is away: recorded, and the API gives up
      // delivering it (its client retries for a while first) before Temporal is back.
      await eventually(
        'the API to give up delivering the callback',
        async () => {
          const order = (await stack.api('GET', `/api/service-orders/${orderId}`)).body;
          return order.exchanges?.some((e: { note: string | null }) => e.note?.startsWith('not delivered: Temporal')) ? order : undefined;
        },
        120_000,
      );
    } finally {
      await outage().restart();
    }
    expect((await attempts())[0], 'the first callback attempt met the outage').toMatchObject({ attempt: 1, delivered: false });
    const recorded = (await stack.api('GET', `/api/service-orders/${orderId}`)).body;
    expect(recorded.exchanges.filter((e: { direction: string }) => e.direction === 'callback')).toHaveLength(1);

    const detail = await runDone(runId, 180_000);
    expect(detail.status, stack.logs()).toBe('Completed');
    // The provider's own answer: its view of the subscriber, with the OTT service active.
    expect(detail.state.nodes.enable).toMatchObject({ status: 'completed', outcome: 'success', output: { serviceOrderId: orderId, services: { '/service/tv/ott': 'active' } } });
    const order = (await stack.api('GET', `/api/service-orders/${orderId}`)).body;
    expect(order.state).toBe('COMPLETED');
  }, 300_000);

  it('a run that ends failed is Failed in Temporal, and the API still shows its per-node state', async () => {
    const code = await publish('CA_ENABLE_OTT', true);
    expect((await stack.simulator('PUT', '/control/providers/ca-platform', { mode: 'sync', callbackDelayMs: 0 })).status).toBe(200);
    const runId = await raise(code);
    const detail = await runDone(runId);
    expect(detail.status).toBe('Failed');
    expect(detail.state).toMatchObject({ result: 'failed', status: 'Failed', trail: ['start', 'enable', 'done'] });
    expect(detail.state.nodes.enable).toMatchObject({ status: 'completed', outcome: 'success' });

    const connection = await Connection.connect({ address: stack.temporal.address });
    try {
      const description = await new Client({ connection, namespace: stack.temporal.namespace }).workflow.getHandle(runId).describe();
      expect(description.status.name).toBe('FAILED');
    } finally {
      await connection.close();
    }
    const failedRuns = await eventually('the run in the Failed list', async () => {
      const items = (await stack.api('GET', `/api/runs?eventCode=${code}&status=Failed`)).body.items as { runId: string }[];
      return items.some((r) => r.runId === runId) ? items : undefined;
    });
    expect(failedRuns.map((r) => r.runId)).toEqual([runId]);
  });
});
