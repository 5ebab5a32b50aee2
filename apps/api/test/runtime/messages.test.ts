import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

/** A fresh MSISDN per call, so runs and messages of other tests never match. */
const msisdn = () => `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/**
 * start → [hold: wait for signal "go"] → [delay: a durable timer] → [msg: wait for message by msisdn] → end.
 * The hold step keeps the run away from its message wait until the test releases it, so a message
 * can be sent before the run waits without sleeping; the delay (the run's own timer, not the
 * test's) then puts a known time between the message and the wait.
 */
function messageGraph(message: string, opts: { hold: boolean; delay?: string }) {
  const nodes: Record<string, unknown>[] = [{ id: 'start', kind: 'start' }];
  const chain = ['start'];
  if (opts.hold) {
    nodes.push({ id: 'hold', kind: 'wait', wait: { type: 'signal', signal: 'go', timeout: '10m' } });
    chain.push('hold');
  }
  if (opts.delay) {
    nodes.push({ id: 'delay', kind: 'wait', wait: { type: 'duration', duration: opts.delay } });
    chain.push('delay');
  }
  nodes.push(
    { id: 'msg', kind: 'wait', wait: { type: 'message', message, correlateBy: ['msisdn'], timeout: '10m' } },
    { id: 'done', kind: 'end' },
  );
  chain.push('msg', 'done');
  const edges = chain.slice(1).map((target, i) => ({ id: `e${i + 1}`, source: chain[i], sourceHandle: 'next', target }));
  return { nodes, edges };
}

describe('messages correlated by business key (real Temporal, worker and database)', () => {
  let stack: RuntimeStack;
  let integrationKey: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    const created = await stack.api('POST', '/api/keys', { name: 'crm integration', role: 'integration' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    integrationKey = created.body.key;
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** Publishes a workflow of its own around a message wait; answers its event code. */
  async function publishWorkflow(message: string, hold: boolean, delay?: string): Promise<string> {
    const code = `MSG_${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Waits for a message (test)' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph: messageGraph(message, { hold, ...(delay ? { delay } : {}) }) })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return code;
  }

  async function raise(code: string, number: string): Promise<string> {
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject: { msisdn: number } });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    return raised.body.runs[0].runId as string;
  }

  const runState = async (runId: string) => (await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body;
  const nodeOf = async (runId: string, nodeId: string) => (await runState(runId)).state?.nodes?.[nodeId];
  const registered = (runId: string) => eventually(`run ${runId} to wait for its message`, async () => ((await nodeOf(runId, 'msg'))?.input?.registered ? true : undefined));
  const ended = (runId: string) =>
    eventually(`run ${runId} to end`, async () => {
      const body = await runState(runId);
      return ['Completed', 'Failed', 'Cancelled'].includes(body.status) ? body : undefined;
    });
  /** A run of a new workflow, held before its message wait (and the delay before it, if any) until it is signalled "go". */
  async function heldRun(delay?: string): Promise<{ name: string; number: string; runId: string }> {
    const name = `activated${randomBytes(2).toString('hex')}`;
    const number = msisdn();
    const runId = await raise(await publishWorkflow(name, true, delay), number);
    await eventually('the run to be held', async () => ((await nodeOf(runId, 'hold'))?.status === 'in-progress' ? true : undefined));
    return { name, number, runId };
  }
  const send = (body: unknown) => stack.api('POST', '/api/messages', body, integrationKey);

  it('delivers a message keyed by MSISDN to the run waiting for it, and says so', async () => {
    const name = `activated${randomBytes(2).toString('hex')}`;
    const code = await publishWorkflow(name, false);
    const number = msisdn();
    const runId = await raise(code, number);
    const other = await raise(code, msisdn());
    await registered(runId);
    await registered(other);

    const sent = await send({ name, correlationKeys: { msisdn: number }, payload: { iccid: '8944100000000000001' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ name, deliveredTo: [runId], buffered: false, unreachable: [] });

    const done = await ended(runId);
    expect(done.status, stack.logs()).toBe('Completed');
    expect(done.state.nodes.msg.output).toMatchObject({ message: name, messageId: sent.body.messageId, payload: { iccid: '8944100000000000001' } });
    // The run waiting for another MSISDN did not get it.
    expect((await nodeOf(other, 'msg')).status).toBe('in-progress');
    const view = await stack.api('GET', `/api/messages/${sent.body.messageId}`);
    expect(view.body).toMatchObject({ status: 'delivered', deliveries: [{ runId, via: 'waiting' }] });
    // Sent again (a new message), the finished run is not waiting any more.
    expect((await send({ name, correlationKeys: { msisdn: number } })).body).toMatchObject({ deliveredTo: [], buffered: true });
    await stack.api('POST', `/api/runs/${encodeURIComponent(other)}/cancel`);
  });

  it('keeps a message sent before the run waits and delivers it when the run gets there', async () => {
    const { name, number, runId } = await heldRun();

    const early = await send({ name, correlationKeys: { msisdn: number, accountId: 'ACC-1' }, payload: { early: true }, ttlSeconds: 600 });
    expect(early.status, JSON.stringify(early.body)).toBe(202);
    expect(early.body).toMatchObject({ deliveredTo: [], buffered: true });
    expect((await stack.api('GET', `/api/messages/${early.body.messageId}`)).body.status).toBe('buffered');

    expect((await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/signal`, { name: 'go' })).status).toBe(202);
    const done = await ended(runId);
    expect(done.status, stack.logs()).toBe('Completed');
    expect(done.state.nodes.msg.output).toMatchObject({ messageId: early.body.messageId, payload: { early: true } });
    expect((await stack.api('GET', `/api/messages/${early.body.messageId}`)).body).toMatchObject({ status: 'delivered', deliveries: [{ runId, via: 'buffer' }] });
  });

  it('delivers a message sent ten seconds before the run waits for it', async () => {
    const { name, number, runId } = await heldRun('10s');
    const early = await send({ name, correlationKeys: { msisdn: number }, payload: { early: 'ten seconds' }, ttlSeconds: 600 });
    expect(early.body).toMatchObject({ deliveredTo: [], buffered: true });
    const sentAt = Date.parse((await stack.api('GET', `/api/messages/${early.body.messageId}`)).body.createdAt);

    // Released now, the run spends 10 s in its own timer before it reaches the message wait.
    expect((await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/signal`, { name: 'go' })).status).toBe(202);
    const done = await ended(runId);
    expect(done.status, stack.logs()).toBe('Completed');
    expect(Date.parse(done.state.nodes.msg.startedAt) - sentAt).toBeGreaterThanOrEqual(10_000);
    expect(done.state.nodes.msg.output).toMatchObject({ messageId: early.body.messageId, payload: { early: 'ten seconds' } });
    expect((await stack.api('GET', `/api/messages/${early.body.messageId}`)).body).toMatchObject({ status: 'delivered', deliveries: [{ runId, via: 'buffer' }] });
  });

  it('reports a message whose time-to-live ran out as expired and never delivers it', async () => {
    const { name, number, runId } = await heldRun();

    const stale = await send({ name, correlationKeys: { msisdn: number }, payload: { stale: true }, ttlSeconds: 1 });
    expect(stale.body.buffered).toBe(true);
    await eventually('the message to expire', async () => ((await stack.api('GET', `/api/messages/${stale.body.messageId}`)).body.status === 'expired' ? true : undefined));
    const expired = await stack.api('GET', `/api/messages?status=expired&name=${name}`);
    expect(expired.body.items.map((m: { id: string }) => m.id)).toEqual([stale.body.messageId]);

    expect((await stack.api('POST', `/api/runs/${encodeURIComponent(runId)}/signal`, { name: 'go' })).status).toBe(202);
    await registered(runId);
    const fresh = await send({ name, correlationKeys: { msisdn: number }, payload: { fresh: true } });
    expect(fresh.body.deliveredTo).toEqual([runId]);
    const done = await ended(runId);
    expect(done.state.nodes.msg.output).toMatchObject({ messageId: fresh.body.messageId, payload: { fresh: true } });
    expect((await stack.api('GET', `/api/messages/${stale.body.messageId}`)).body).toMatchObject({ status: 'expired', deliveries: [] });
  });

  it('refuses bad messages field by field, storing nothing', async () => {
    const problemsOf = async (body: unknown) => {
      const res = await send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      return (res.body.problems as { path: string; message: string }[]).map((p) => p.path);
    };
    expect(await problemsOf({ name: 'activated', payload: {} })).toEqual(['correlationKeys']);
    expect(await problemsOf({ name: 'activated', correlationKeys: {} })).toEqual(['correlationKeys']);
    expect(await problemsOf({ name: 'activated', correlationKeys: { msisdn: 'not-a-number' } })).toEqual(['correlationKeys.msisdn']);
    expect(await problemsOf({ name: 'activated', correlationKeys: { msisdn: msisdn(), colour: 'red' } })).toEqual(['correlationKeys.colour']);
    expect(await problemsOf({ name: 'activated', correlationKeys: { msisdn: msisdn() }, colour: 'red' })).toEqual(['colour']);
    expect(await problemsOf({ name: 'activated', correlationKeys: { msisdn: msisdn() }, payload: { blob: 'x'.repeat(70 * 1024) } })).toEqual(['payload']);
    expect(await problemsOf({ name: 'activated', correlationKeys: { msisdn: msisdn() }, ttlSeconds: 365 * 86_400 })).toEqual(['ttlSeconds']);
    expect(await problemsOf({ name: '1bad name', correlationKeys: { msisdn: msisdn() } })).toEqual(['name']);
    expect((await stack.api('GET', '/api/messages?name=activated')).body.total).toBe(0);
    // The integration role sends messages and reads nothing else.
    expect((await stack.api('GET', '/api/runs', undefined, integrationKey)).status).toBe(403);
  });
});
