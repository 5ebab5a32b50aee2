import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '@signalbox/contracts';
import type { ActionCode } from '@signalbox/domain';
import type { ServiceOrderWithExchanges } from '@signalbox/persistence';
import { action, end, graph, simulator, simulatorProvider, snapshot, start, startHarness, startRun, type Harness } from './harness';
import { finalRunState } from './run-result';

let h: Harness;
let partner: Server;
const partnerSeen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  partner = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      partnerSeen.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/refuse')) return res.writeHead(422, { 'content-type': 'application/json' }).end('{"message":"unknown account"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ticket":"T-1"}');
    });
  });
  await new Promise<void>((r) => partner.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await h?.stop();
  await new Promise((r) => partner?.close(r));
});

const uniq = () => randomUUID().slice(0, 8);

/** The run's single service order, with its exchange log. */
async function orderOf(workflowId: string): Promise<ServiceOrderWithExchanges> {
  const page = await h.store.list({ runWorkflowId: workflowId });
  expect(page.items).toHaveLength(1);
  return (await h.store.get(page.items[0].id))!;
}

/** Runs one action node; success → ok, failure → bad. */
async function runAction(code: ActionCode, patch: Parameters<typeof startRun>[2] = {}) {
  h.catalog.actionCodes[code.code] = code;
  const g = graph([start(), action('act', code.code, code.actionType === 'subscription-service' ? { amount: 'data.amount' } : {}), end('ok'), end('bad', 'failed')], ['start:next->act', 'act:success->ok', 'act:failure->bad']);
  const run = await startRun(h, snapshot(h, `EV_${code.code}`, g), patch);
  const state = (await finalRunState(run)) as RunState;
  return { run, state };
}

const billingCodes = {
  'credit-control': (provider: string): ActionCode => ({
    code: `BAR_${uniq().toUpperCase()}`,
    actionType: 'credit-control',
    name: 'Bar',
    parameters: { provider, operation: 'bar', barType: 'outgoing', reason: 'NON_PAYMENT' },
  }),
  'subscription-service': (provider: string): ActionCode => ({
    code: `TOPUP_${uniq().toUpperCase()}`,
    actionType: 'subscription-service',
    name: 'Top-up',
    parameters: { provider, operation: 'add', service: 'AIRTIME' },
  }),
} as const;

const serviceTypes = { 'credit-control': '/service/charging/bar', 'subscription-service': '/service/charging/subscription' } as const;

describe.each(['credit-control', 'subscription-service'] as const)('%s goes through the service-order path', (actionType) => {
  it('records the order (COMPLETED) with its request and response, and the provisioning status', async () => {
    const ocs = `ocs-${uniq()}`;
    h.catalog.providers[ocs] = simulatorProvider(h.simulatorUrl, ocs);
    const serviceId = `svc-${uniq()}`;
    const { run, state } = await runAction(billingCodes[actionType](ocs), { subject: { msisdn: '447700900555', serviceId }, data: { amount: 10 } });
    expect(state.trail).toEqual(['start', 'act', 'ok']);

    const order = await orderOf(run.workflowId);
    expect(order).toMatchObject({ state: 'COMPLETED', providerCode: ocs, serviceType: serviceTypes[actionType], action: 'A', serviceKey: serviceId, nodeId: 'act' });
    expect(state.nodes.act.output).toMatchObject({ serviceOrderId: order.id, status: 'COMPLETED' });
    const log = order.exchanges.map((e) => [e.direction, (e.payload as { to?: string } | null)?.to ?? null]);
    expect(log).toEqual([
      ['state-change', 'READY'],
      ['state-change', 'PROCESSING'],
      ['request', null],
      ['response', null],
      ['state-change', 'COMPLETED'],
    ]);
    const request = order.exchanges.find((e) => e.direction === 'request')!;
    expect(request.payload).toMatchObject({ serviceOrderId: order.id, serviceType: serviceTypes[actionType], subject: { serviceId } });
    if (actionType === 'subscription-service') expect(request.payload).toMatchObject({ fields: { service: 'AIRTIME', amount: 10 } });
    const response = order.exchanges.find((e) => e.direction === 'response')!;
    expect(response).toMatchObject({ httpStatus: 200, payload: { serviceOrderId: order.id, status: 'COMPLETED' } });

    const status = await h.store.getProvisioningStatus(ocs, serviceId);
    expect(status).toMatchObject({ orderId: order.id, state: { services: { [serviceTypes[actionType]]: 'active' } } });
  });

  it('a retried send reaches the provider once and leaves one order', async () => {
    const ocs = `ocs-${uniq()}`;
    // The first attempt gives up after 300 ms while the simulator applies the order after 1 s;
    // the retry carries the same order id, so the simulator answers it from the first order.
    h.catalog.providers[ocs] = simulatorProvider(h.simulatorUrl, ocs, { requestTimeoutMs: 300 });
    await simulator(`/control/providers/${ocs}`, { method: 'PUT', body: { latencyMs: 1_000 } });
    const code = { ...billingCodes[actionType](ocs), retry: { maximumAttempts: 6, initialInterval: '1s', backoffCoefficient: 1, maximumInterval: '1s' } };
    const serviceId = `svc-${uniq()}`;
    const { run, state } = await runAction(code, { subject: { msisdn: '447700900556', serviceId }, data: { amount: 5 } });
    expect(state.trail).toEqual(['start', 'act', 'ok']);

    const order = await orderOf(run.workflowId);
    expect(order.state).toBe('COMPLETED');
    const requests = order.exchanges.filter((e) => e.direction === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(requests.map((e) => e.payload)).toEqual(requests.map(() => expect.objectContaining({ serviceOrderId: order.id })));
    expect(order.exchanges.filter((e) => e.direction === 'response').at(0)).toMatchObject({ note: expect.stringMatching(/no answer from .* within 300 ms/) });

    const stats = (await simulator(`/control/providers/${ocs}`)) as { stats: { received: number; duplicates: number; completed: number } };
    expect(stats.stats.completed).toBe(1);
    expect(stats.stats.duplicates).toBe(stats.stats.received - 1);
    const subscribers = (await simulator(`/control/subscribers?provider=${ocs}`)) as { items: { history: { serviceOrderId: string }[] }[] };
    expect(subscribers.items).toHaveLength(1);
    expect(subscribers.items[0].history).toEqual([expect.objectContaining({ serviceOrderId: order.id })]);
  });
});

describe('billing orders that fail', () => {
  it('a FAILED answer (unbar without a bar) fails the order and takes the failure edge', async () => {
    const ocs = `ocs-${uniq()}`;
    h.catalog.providers[ocs] = simulatorProvider(h.simulatorUrl, ocs);
    const code: ActionCode = { code: `UNBAR_${uniq().toUpperCase()}`, actionType: 'credit-control', name: 'Unbar', parameters: { provider: ocs, operation: 'unbar', barType: 'full' } };
    const { run, state } = await runAction(code);
    expect(state.trail).toEqual(['start', 'act', 'bad']);
    const order = await orderOf(run.workflowId);
    expect(order).toMatchObject({ state: 'FAILED', action: 'D' });
    expect(order.exchanges.at(-1)).toMatchObject({ direction: 'state-change', payload: { from: 'PROCESSING', to: 'FAILED' } });
    expect(await h.store.getProvisioningStatus(ocs, order.serviceKey)).toBeNull();
  });
});

describe('http-call is recorded as an order', () => {
  const partnerProvider = (code: string) => ({ ...simulatorProvider(h.simulatorUrl, code), endpoints: [`http://127.0.0.1:${(partner.address() as AddressInfo).port}`] });

  it('logs the call and the answer, with the order id as idempotency key', async () => {
    const code = `crm-${uniq()}`;
    h.catalog.providers[code] = partnerProvider(code);
    const ac: ActionCode = { code: `CALL_${uniq().toUpperCase()}`, actionType: 'http-call', name: 'Open ticket', parameters: { provider: code, method: 'POST', path: '/tickets' } };
    const subject = { msisdn: '447700900558', serviceId: `svc-${uniq()}` };
    const { run, state } = await runAction(ac, { subject, data: { reason: 'bar' } });
    expect(state.trail).toEqual(['start', 'act', 'ok']);
    const order = await orderOf(run.workflowId);
    expect(order).toMatchObject({ state: 'COMPLETED', serviceType: '/service/integration/http-call', action: 'I', fields: { method: 'POST', path: '/tickets' } });
    expect(order.exchanges.filter((e) => e.direction !== 'state-change')).toEqual([
      expect.objectContaining({ direction: 'request', payload: { method: 'POST', path: '/tickets', body: { subject, data: { reason: 'bar' } } } }),
      expect.objectContaining({ direction: 'response', httpStatus: 200, payload: { ticket: 'T-1' } }),
    ]);
    expect(state.nodes.act.output).toEqual({ serviceOrderId: order.id, httpStatus: 200, body: { ticket: 'T-1' } });
    expect(partnerSeen.filter((s) => s.headers['idempotency-key'] === order.id)).toHaveLength(1);
  });

  it('a refused call (4xx) is logged and fails the order without a retry', async () => {
    const code = `crm-${uniq()}`;
    h.catalog.providers[code] = partnerProvider(code);
    const ac: ActionCode = { code: `CALL_${uniq().toUpperCase()}`, actionType: 'http-call', name: 'Refused', parameters: { provider: code, method: 'POST', path: '/refuse' } };
    const { run, state } = await runAction(ac);
    expect(state.trail).toEqual(['start', 'act', 'bad']);
    const order = await orderOf(run.workflowId);
    expect(order.state).toBe('FAILED');
    expect(order.exchanges.filter((e) => e.direction === 'response')).toEqual([expect.objectContaining({ httpStatus: 422, payload: { message: 'unknown account' } })]);
  });
});
