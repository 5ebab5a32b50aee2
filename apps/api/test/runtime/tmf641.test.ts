import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignatureHeader, runWorkflowId, tmfItemEventId, tmfOrderWorkflowId } from '@signalbox/contracts';
import { freePort } from '@signalbox/tools/infra';
import { eventually, startBuiltStackWithTemporal, type RuntimeStack } from './runtime-stack';

// TMF641 against the real stack: an order's items become runs in dependency order, its state
// follows them, a hub listener gets every notification exactly once and signed although it
// refused the first deliveries, a cancel stops open runs, bad orders start nothing — and every
// body is valid against TM Forum's published TMF641 v4 definitions (fixtures/tmf641).

const TMF = '/tmf-api/serviceOrdering/v4';
const schemaDoc = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/tmf641/tmf641-v4-definitions.json'), 'utf8')) as { definitions: Record<string, unknown> };
const ajv = new Ajv({ allErrors: true, schemaId: 'auto' });
ajv.addSchema({ definitions: schemaDoc.definitions }, 'tmf641');
function conforms(definition: string, body: unknown): void {
  const ok = ajv.validate({ $ref: `tmf641#/definitions/${definition}` }, body);
  expect(ok, `${definition}: ${ajv.errorsText(ajv.errors, { separator: '\n' })}\n${JSON.stringify(body)}`).toBe(true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- notification and response bodies are read loosely in assertions
type Loose = any;

interface Received {
  status: number;
  body: Record<string, Loose>;
  raw: string;
  signature: string | undefined;
}

interface Listener {
  url: string;
  received: Received[];
  server: Server;
  /** From now on, refuse until `n` requests have been received in all (Infinity: refuse everything). */
  refuseUntil(n: number): void;
}

/** A hub listener that refuses its first `refusals` requests (503), then takes everything. */
async function startListener(refusals: number): Promise<Listener> {
  const received: Received[] = [];
  let refuseBelow = refusals;
  const port = await freePort();
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const status = received.length < refuseBelow ? 503 : 204;
      received.push({ status, body: JSON.parse(raw), raw, signature: req.headers['x-signature'] as string | undefined });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/tmf-listener`, received, server, refuseUntil: (n) => (refuseBelow = n) };
}

/** The hub's retry window in this file: long enough for the two refusals above, short enough to see a dead letter. */
const HUB_GIVE_UP_SECONDS = 30;

describe('TMF641 service ordering', () => {
  let stack: RuntimeStack;
  let temporal: Client;
  let connection: Connection;
  let key: string;
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const codes = { add: `TMF_ADD_${tag}`, modify: `TMF_MOD_${tag}`, remove: `TMF_DEL_${tag}`, slow: `TMF_SLOW_${tag}`, asks: `TMF_ASK_${tag}` };
  const spec = `mobile-line-${tag.toLowerCase()}`;
  const slowSpec = `slow-line-${tag.toLowerCase()}`;
  const askSpec = `ported-line-${tag.toLowerCase()}`;
  /** The message the ASK workflow waits for, keyed by MSISDN: information only the orderer has. */
  const portingMessage = `portingApproved${tag}`;
  const tmf = <T = Loose>(method: string, url: string, body?: unknown) => stack.api<T>(method, `${TMF}${url}`, body, key);

  /** What the order and its workflow show, for a failure message. */
  const diagnose = async (orderId: string) => {
    const order = await tmf('GET', `/serviceOrder/${orderId}`);
    const described = await temporal.workflow.getHandle(tmfOrderWorkflowId(orderId)).describe().catch((err: Error) => err.message);
    const pending = typeof described === 'string' ? described : JSON.stringify({ status: described.status.name, pending: described.raw.pendingActivities?.map((a) => ({ type: a.activityType?.name, attempt: a.attempt, failure: a.lastFailure?.message })) });
    return `order: ${JSON.stringify(order.body)}\nworkflow: ${pending}\n${stack.logs()}`;
  };
  const publish = async (code: string, graph: unknown) => {
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: `TMF ${code}`, requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  };
  const item = (id: string, action: string, specId: string, extra: Record<string, unknown> = {}) => ({
    id,
    action,
    service: {
      serviceSpecification: { id: specId },
      serviceCharacteristic: [
        { name: 'MSISDN', valueType: 'string', value: '447700900123' },
        { name: 'Tariff', valueType: 'string', value: 'gold' },
      ],
    },
    ...extra,
  });
  // The published ServiceOrderItemRef requires `id` although it names the item by `itemId`: send both.
  const dependsOn = (itemId: string) => ({ serviceOrderItemRelationship: [{ relationshipType: 'dependency', orderItem: { id: itemId, itemId } }] });

  beforeAll(async () => {
    ({ stack, temporal, connection } = await startBuiltStackWithTemporal({ workerEnv: { SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS: String(HUB_GIVE_UP_SECONDS) } }));
    const quick = { nodes: [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'end' }] };
    for (const code of [codes.add, codes.modify, codes.remove]) await publish(code, quick);
    await publish(codes.slow, {
      nodes: [{ id: 'start', kind: 'start' }, { id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'never', timeout: '1h' } }, { id: 'end', kind: 'end' }, { id: 'late', kind: 'end', result: 'failed' }],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'w' },
        { id: 'e2', source: 'w', sourceHandle: 'next', target: 'end' },
        { id: 'e3', source: 'w', sourceHandle: 'timeout', target: 'late' },
      ],
    });
    await publish(codes.asks, {
      nodes: [{ id: 'start', kind: 'start' }, { id: 'ask', kind: 'wait', wait: { type: 'message', message: portingMessage, correlateBy: ['msisdn'], timeout: '1h' } }, { id: 'end', kind: 'end' }, { id: 'late', kind: 'end', result: 'failed' }],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
        { id: 'e2', source: 'ask', sourceHandle: 'next', target: 'end' },
        { id: 'e3', source: 'ask', sourceHandle: 'timeout', target: 'late' },
      ],
    });
    const subject = { msisdn: 'MSISDN' };
    const mapped = await stack.api('POST', '/api/tmf-mappings', {
      code: spec,
      name: 'Mobile line',
      actions: { add: { eventCode: codes.add, subject, data: { tariff: 'Tariff' }, mandatory: ['Tariff'] }, modify: { eventCode: codes.modify, subject }, delete: { eventCode: codes.remove, subject } },
    });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(201);
    expect((await stack.api('POST', '/api/tmf-mappings', { code: slowSpec, name: 'Slow line', actions: { add: { eventCode: codes.slow, subject } } })).status).toBe(201);
    expect((await stack.api('POST', '/api/tmf-mappings', { code: askSpec, name: 'Ported line', actions: { add: { eventCode: codes.asks, subject } } })).status).toBe(201);
    const integration = await stack.api('POST', '/api/keys', { name: 'crm', role: 'integration' });
    expect(integration.status, JSON.stringify(integration.body)).toBe(201);
    key = integration.body.key;
  }, 300_000);

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  it('runs three items in dependency order, completes, and notifies a listener exactly once, signed, through its refusals', async () => {
    const listener = await startListener(2);
    try {
      const hub = await tmf('POST', '/hub', { callback: listener.url });
      expect(hub.status, JSON.stringify(hub.body)).toBe(201);
      conforms('EventSubscription', hub.body);
      const signing = hub.body.signing as { keyId: string; secret: string };

      const request = {
        externalId: `CRM-${tag}`,
        description: 'new line with its options',
        serviceOrderItem: [item('1', 'add', spec), item('2', 'modify', spec, dependsOn('1')), item('3', 'delete', spec)],
      };
      conforms('ServiceOrder_Create', request);
      const created = await tmf('POST', '/serviceOrder', request);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      conforms('ServiceOrder', created.body);
      expect(created.body).toMatchObject({ state: 'acknowledged', externalId: `CRM-${tag}`, '@type': 'ServiceOrder' });
      expect(created.body.href).toBe(`${stack.apiUrl}${TMF}/serviceOrder/${created.body.id}`);
      const orderId = created.body.id as string;

      const done = await eventually(`order ${orderId} to complete`, async () => {
        const got = await tmf('GET', `/serviceOrder/${orderId}`);
        return got.body.state === 'completed' ? got : undefined;
      }, 120_000).catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await diagnose(orderId)}`);
      });
      conforms('ServiceOrder', done.body);
      expect(done.body.serviceOrderItem.map((i: { state: string }) => i.state)).toEqual(['completed', 'completed', 'completed']);
      expect(done.body.completionDate).toBeDefined();

      // The three event codes ran, the dependent item only after the one it depends on had ended.
      const describe = (code: string, itemId: string) => temporal.workflow.getHandle(runWorkflowId(code, tmfItemEventId(orderId, itemId))).describe();
      const [first, second, third] = [await describe(codes.add, '1'), await describe(codes.modify, '2'), await describe(codes.remove, '3')];
      for (const run of [first, second, third]) expect(run.status.name).toBe('COMPLETED');
      expect(second.startTime.getTime()).toBeGreaterThanOrEqual(first.closeTime!.getTime());

      // Every state change reached the listener once, in order, each with a valid signature.
      const accepted = await eventually('the completed notification to be accepted', async () => {
        const ok = listener.received.filter((r) => r.status === 204);
        return ok.some((r) => r.body.eventType === 'ServiceOrderStateChangeEvent' && r.body.event.serviceOrder.state === 'completed') ? ok : undefined;
      });
      expect(listener.received.slice(0, 2).map((r) => r.status)).toEqual([503, 503]);
      expect(listener.received[2].body.eventId).toBe(listener.received[0].body.eventId);
      const ids = accepted.map((r) => r.body.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      const ofOrder = accepted.filter((r) => r.body.event.serviceOrder.id === orderId);
      expect(ofOrder[0].body.eventType).toBe('ServiceOrderCreateEvent');
      expect(ofOrder[0].body.event.serviceOrder.state).toBe('acknowledged');
      const stateChanges = ofOrder.filter((r) => r.body.eventType === 'ServiceOrderStateChangeEvent').map((r) => r.body.event.serviceOrder.state);
      expect(stateChanges).toEqual(['inProgress', 'completed']);
      for (const r of listener.received) {
        expect(checkSignatureHeader(createHmac, { keyId: signing.keyId, secret: signing.secret, maxSkewSeconds: 3600 }, r.signature, r.raw, Date.now())).toBeUndefined();
        conforms(r.body.eventType, r.body);
      }

      // The delivery log shows the two refusals as attempts of the first event.
      const log = await stack.api('GET', `/api/tmf-hub/deliveries?subscriptionId=${hub.body.id}`);
      expect(log.status).toBe(200);
      const firstDelivery = log.body.find((d: { eventId: string }) => d.eventId === ids[0]);
      expect(firstDelivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
      expect((await tmf('DELETE', `/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      listener.server.close();
    }
  }, 240_000);

  it('lists orders with TMF630 paging, counts, attribute filters and field projection', async () => {
    const created = await tmf('POST', '/serviceOrder', { externalId: `LIST-${tag}`, category: 'list-test', serviceOrderItem: [item('1', 'add', spec)] });
    expect(created.status).toBe(201);
    const listed = await tmf('GET', `/serviceOrder?category=list-test&fields=externalId,state&limit=5`);
    expect(listed.status).toBe(200);
    for (const order of listed.body) conforms('ServiceOrder', order);
    expect(listed.body).toEqual([{ id: created.body.id, href: created.body.href, '@type': 'ServiceOrder', externalId: `LIST-${tag}`, state: expect.any(String) }]);
    const res = await fetch(`${stack.apiUrl}${TMF}/serviceOrder?category=list-test&offset=1`, { headers: { authorization: `Bearer ${key}` } });
    expect([res.headers.get('x-total-count'), res.headers.get('x-result-count')]).toEqual(['1', '0']);
    const bad = await tmf('GET', '/serviceOrder?colour=red');
    expect(bad.status).toBe(422);
    conforms('Error', bad.body);
    const patched = await tmf('PATCH', `/serviceOrder/${created.body.id}`, { description: 'patched' });
    expect(patched.status).toBe(200);
    expect(patched.body.description).toBe('patched');
    conforms('ServiceOrder', patched.body);
    expect((await tmf('PATCH', `/serviceOrder/${created.body.id}`, { state: 'completed' })).status).toBe(422);
    for (const id of ['not-an-order', '00000000-0000-4000-8000-000000000000']) {
      const missing = await tmf('GET', `/serviceOrder/${id}`);
      expect(missing.status).toBe(404);
      conforms('Error', missing.body);
    }
  }, 120_000);

  it('refuses bad orders in TMF error format naming item and field, and starts nothing', async () => {
    const before = Number((await fetch(`${stack.apiUrl}${TMF}/serviceOrder`, { headers: { authorization: `Bearer ${key}` } })).headers.get('x-total-count'));
    const bad = await tmf('POST', '/serviceOrder', {
      externalId: `BAD-${tag}`,
      serviceOrderItem: [
        item('u', 'add', 'no-such-spec'),
        item('n', 'noChange', spec),
        { id: 'm', action: 'add', service: { serviceSpecification: { id: spec }, serviceCharacteristic: [{ name: 'MSISDN', value: '447700900123' }] } },
        item('c1', 'modify', spec, dependsOn('c2')),
        item('c2', 'delete', spec, dependsOn('c1')),
      ],
    });
    expect(bad.status).toBe(422);
    conforms('Error', bad.body);
    expect(bad.body).toMatchObject({ code: '422', reason: 'ValidationError', '@type': 'Error' });
    expect(bad.body.problems.map((p: { itemId: string; path: string }) => `${p.itemId} ${p.path}`)).toEqual([
      'u serviceOrderItem[0].service.serviceSpecification.id',
      'n serviceOrderItem[1].action',
      'm serviceOrderItem[2].service.serviceCharacteristic',
      'c1 serviceOrderItem[3].serviceOrderItemRelationship',
    ]);
    const shape = await tmf('POST', '/serviceOrder', { serviceOrderItem: [{ id: '1', action: 'replace', service: {} }] });
    expect(shape.status).toBe(422);
    expect(shape.body.problems.map((p: { path: string }) => p.path)).toEqual(['serviceOrderItem[0].action', 'serviceOrderItem[0].service.serviceSpecification']);
    const after = Number((await fetch(`${stack.apiUrl}${TMF}/serviceOrder`, { headers: { authorization: `Bearer ${key}` } })).headers.get('x-total-count'));
    expect(after).toBe(before);

    for (const callback of ['ftp://example.com/x', `${stack.apiUrl}/api/events`, 'not a url']) {
      const refused = await tmf('POST', '/hub', { callback });
      expect(refused.status, callback).toBe(422);
      expect(refused.body.problems[0].path).toBe('callback');
    }
  });

  it('cancelServiceOrder cancels the runs still open and the order ends cancelled', async () => {
    const listener = await startListener(0);
    const hub = await tmf('POST', '/hub', { callback: listener.url, query: `eventType=CancelServiceOrderStateChangeEvent&event.serviceOrder.externalId=CANCEL-${tag}` });
    expect(hub.status, JSON.stringify(hub.body)).toBe(201);
    const created = await tmf('POST', '/serviceOrder', { externalId: `CANCEL-${tag}`, serviceOrderItem: [item('1', 'add', slowSpec), item('2', 'add', spec, dependsOn('1'))] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const orderId = created.body.id as string;
    const runId = runWorkflowId(codes.slow, tmfItemEventId(orderId, '1'));
    await eventually('the slow item to be in progress', async () => ((await tmf('GET', `/serviceOrder/${orderId}`)).body.state === 'inProgress' ? true : undefined));
    const cancel = { serviceOrder: { id: orderId }, cancellationReason: 'customer changed their mind' };
    conforms('CancelServiceOrder_Create', cancel);
    const cancelled = await tmf('POST', '/cancelServiceOrder', cancel);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(201);
    conforms('CancelServiceOrder', cancelled.body);
    expect(cancelled.body).toMatchObject({ state: 'inProgress', cancellationReason: 'customer changed their mind', serviceOrder: { id: orderId }, '@type': 'CancelServiceOrder' });
    expect(cancelled.body.href).toBe(`${stack.apiUrl}${TMF}/cancelServiceOrder/${cancelled.body.id}`);
    const final = await eventually(`order ${orderId} to be cancelled\n${stack.logs()}`, async () => {
      const got = await tmf('GET', `/serviceOrder/${orderId}`);
      return got.body.state === 'cancelled' ? got : undefined;
    }, 120_000);
    conforms('ServiceOrder', final.body);
    expect(final.body.serviceOrderItem.map((i: { state: string }) => i.state)).toEqual(['cancelled', 'cancelled']);
    expect(final.body.cancellationReason).toBe('customer changed their mind');
    expect((await temporal.workflow.getHandle(runId).describe()).status.name).toBe('CANCELLED');
    // The order's workflow writes `cancelled` in its last activity and completes just after: wait for that, not for a guess.
    expect(await temporal.workflow.getHandle(tmfOrderWorkflowId(orderId)).result()).toMatchObject({ state: 'cancelled', items: { '1': 'cancelled', '2': 'cancelled' } });
    expect((await temporal.workflow.getHandle(tmfOrderWorkflowId(orderId)).describe()).status.name).toBe('COMPLETED');
    // The dependent item never started.
    await expect(temporal.workflow.getHandle(runWorkflowId(codes.add, tmfItemEventId(orderId, '2'))).describe()).rejects.toThrow();
    expect((await tmf('POST', '/cancelServiceOrder', cancel)).status).toBe(409);

    // The cancel request is a resource of its own, done once the order is cancelled.
    const task = await tmf('GET', `/cancelServiceOrder/${cancelled.body.id}`);
    expect(task.status).toBe(200);
    conforms('CancelServiceOrder', task.body);
    expect(task.body).toMatchObject({ id: cancelled.body.id, state: 'done', effectiveCancellationDate: final.body.completionDate });
    const listed = await fetch(`${stack.apiUrl}${TMF}/cancelServiceOrder?serviceOrder.id=${orderId}&fields=state`, { headers: { authorization: `Bearer ${key}` } });
    expect([listed.status, listed.headers.get('x-total-count'), listed.headers.get('x-result-count')]).toEqual([200, '1', '1']);
    expect(await listed.json()).toEqual([{ id: cancelled.body.id, href: cancelled.body.href, '@type': 'CancelServiceOrder', state: 'done' }]);
    const missing = await tmf('GET', '/cancelServiceOrder/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    conforms('Error', missing.body);

    // The listener asked for this order's cancel notification only: it gets it once, with the cancel request as TMF641 shapes it.
    try {
      const notified = await eventually('the cancel notification', async () => (listener.received.length > 0 ? listener.received : undefined));
      conforms('CancelServiceOrderStateChangeEvent', notified[0].body);
      expect(notified[0].body.event.cancelServiceOrder).toMatchObject({ id: cancelled.body.id, state: 'done', serviceOrder: { id: orderId } });
      const log = await eventually('the delivery to be logged', async () => {
        const got = await stack.api('GET', `/api/tmf-hub/deliveries?subscriptionId=${hub.body.id}`);
        return got.body.length > 0 && got.body.every((d: { status: string }) => d.status === 'delivered') ? got.body : undefined;
      });
      expect(log.map((d: { eventType: string }) => d.eventType)).toEqual(['CancelServiceOrderStateChangeEvent']);
      expect(listener.received).toHaveLength(1);
    } finally {
      listener.server.close();
    }
    expect((await tmf('DELETE', `/hub/${hub.body.id}`)).status).toBe(204);
    expect((await tmf('DELETE', `/serviceOrder/${orderId}`)).status).toBe(204);
  }, 180_000);

  it('dead-letters a notification its listener refused for the whole retry window, and ops re-drive it', async () => {
    const listener = await startListener(Number.POSITIVE_INFINITY);
    try {
      const hub = await tmf('POST', '/hub', { callback: listener.url, query: `eventType=ServiceOrderCreateEvent&event.serviceOrder.externalId=DEAD-${tag}` });
      expect(hub.status, JSON.stringify(hub.body)).toBe(201);
      const created = await tmf('POST', '/serviceOrder', { externalId: `DEAD-${tag}`, serviceOrderItem: [item('1', 'add', spec)] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const deliveries = (status: string) => stack.api('GET', `/api/tmf-hub/deliveries?subscriptionId=${hub.body.id}&status=${status}`);

      // Retried with backoff until the window closed, then given up: a dead letter, not a lost event.
      const [dead] = await eventually(`a dead letter after ${HUB_GIVE_UP_SECONDS} s of refusals\n${stack.logs()}`, async () => {
        const got = await deliveries('dead');
        return got.body.length > 0 ? got.body : undefined;
      }, (HUB_GIVE_UP_SECONDS + 120) * 1000);
      expect(dead).toMatchObject({ eventType: 'ServiceOrderCreateEvent', orderId: created.body.id, lastStatus: 503, lastError: expect.stringMatching(/gave up after \d+ attempts/) });
      expect(dead.attempts).toBeGreaterThanOrEqual(3);
      expect(listener.received.every((r) => r.status === 503 && r.body.eventId === dead.eventId)).toBe(true);
      expect(listener.received).toHaveLength(dead.attempts);
      // The order itself never waited for its listener.
      await eventually('the order to complete', async () => ((await tmf('GET', `/serviceOrder/${created.body.id}`)).body.state === 'completed' ? true : undefined), 120_000);

      // Back up, the listener gets the dead letter when ops re-drive it: once, signed.
      listener.refuseUntil(0);
      const operator = await stack.api('POST', '/api/keys', { name: `ops ${tag}`, role: 'operator' });
      const redriven = await stack.api('POST', `/api/tmf-hub/deliveries/${dead.id}/redrive`, {}, operator.body.key);
      expect(redriven.status, JSON.stringify(redriven.body)).toBe(202);
      const taken = await eventually('the re-driven event to be delivered', async () => listener.received.find((r) => r.status === 204));
      expect(taken.body.eventId).toBe(dead.eventId);
      conforms('ServiceOrderCreateEvent', taken.body);
      expect(checkSignatureHeader(createHmac, { keyId: hub.body.signing.keyId, secret: hub.body.signing.secret, maxSkewSeconds: 3600 }, taken.signature, taken.raw, Date.now())).toBeUndefined();
      await eventually('the log to show it delivered', async () => ((await deliveries('delivered')).body.some((d: { eventId: string }) => d.eventId === dead.eventId) ? true : undefined));
      expect((await deliveries('dead')).body).toEqual([]);
      expect((await tmf('DELETE', `/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      listener.server.close();
    }
  }, 300_000);

  it('shows an item waiting for the orderer as pending, asks with an information-required event, and completes when a message keyed by MSISDN answers', async () => {
    const listener = await startListener(0);
    try {
      const hub = await tmf('POST', '/hub', { callback: listener.url, query: `event.serviceOrder.externalId=INFO-${tag}` });
      expect(hub.status, JSON.stringify(hub.body)).toBe(201);
      const msisdn = `4477009${String(randomBytes(3).readUIntBE(0, 3) % 100_000).padStart(5, '0')}`;
      const created = await tmf('POST', '/serviceOrder', {
        externalId: `INFO-${tag}`,
        serviceOrderItem: [{ id: '1', action: 'add', service: { serviceSpecification: { id: askSpec }, serviceCharacteristic: [{ name: 'MSISDN', valueType: 'string', value: msisdn }] } }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const orderId = created.body.id as string;
      const runId = runWorkflowId(codes.asks, tmfItemEventId(orderId, '1'));

      const pending = await eventually(`order ${orderId} to be pending`, async () => {
        const got = await tmf('GET', `/serviceOrder/${orderId}`);
        return got.body.state === 'pending' ? got : undefined;
      }, 120_000).catch(async (err: Error) => {
        throw new Error(`${err.message}\n${await diagnose(orderId)}`);
      });
      conforms('ServiceOrder', pending.body);
      expect(pending.body.serviceOrderItem[0].state).toBe('pending');
      const asked = await eventually('the information-required event', async () => listener.received.find((r) => r.body.eventType === 'ServiceOrderInformationRequiredEvent'));
      conforms('ServiceOrderInformationRequiredEvent', asked.body);
      expect(asked.body).toMatchObject({ fieldPath: 'serviceOrderItem[0]', description: expect.stringContaining(`"${portingMessage}" keyed by msisdn`) });
      expect(asked.body.event.serviceOrder).toMatchObject({ id: orderId, state: 'pending' });

      // The orderer answers by business key, not by any id of ours; the run takes it and the order completes.
      const sent = await stack.api('POST', '/api/messages', { name: portingMessage, correlationKeys: { msisdn }, payload: { approved: true } }, key);
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect(sent.body.deliveredTo).toEqual([runId]);
      const done = await eventually(`order ${orderId} to complete`, async () => {
        const got = await tmf('GET', `/serviceOrder/${orderId}`);
        return got.body.state === 'completed' ? got : undefined;
      }, 120_000);
      expect(done.body.serviceOrderItem[0].state).toBe('completed');
      const states = await eventually('the completed notification', async () => {
        const changes = listener.received.filter((r) => r.body.eventType === 'ServiceOrderStateChangeEvent').map((r) => r.body.event.serviceOrder.state as string);
        return changes.includes('completed') ? changes : undefined;
      });
      // Whether the listener also sees inProgress between the answer and the end depends on how fast the run ends.
      expect(states.slice(0, 2)).toEqual(['inProgress', 'pending']);
      expect(states.at(-1)).toBe('completed');
      expect(states.filter((state) => state === 'pending')).toHaveLength(1);
      expect((await tmf('DELETE', `/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      listener.server.close();
    }
  }, 240_000);

  it('keeps TMF to the integration role', async () => {
    const viewer = await stack.api('POST', '/api/keys', { name: 'tmf viewer', role: 'viewer' });
    const refused = await stack.api('GET', `${TMF}/serviceOrder`, undefined, viewer.body.key);
    expect(refused.status).toBe(403);
    conforms('Error', refused.body);
    expect((await stack.api('POST', '/api/event-codes', { code: `TMF_NO_${tag}`, eventType: 'PROVISIONING', name: 'x' }, key)).status).toBe(403);
  });
});
