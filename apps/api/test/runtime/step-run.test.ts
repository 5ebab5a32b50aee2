import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

const msisdn = () => `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const imsi = () => `23415${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;

/**
 * A half-built draft: lookup → gprs, whose inputs read the event's data and lookup's output, and a
 * step that cannot run (an unknown action code) beside them.
 */
function draftGraph() {
  return {
    nodes: [
      { id: 'start', kind: 'start' },
      { id: 'lookup', kind: 'action', actionCode: 'HSS_ACTIVATE_SUBSCRIBER' },
      { id: 'gprs', kind: 'action', actionCode: 'HSS_ACTIVATE_GPRS', inputs: { apn: 'data.apn & ".test"', qosProfile: 'nodes.lookup.output.profile' }, schedule: { type: 'delay', duration: '2h' } },
      { id: 'broken', kind: 'action', actionCode: 'NO_SUCH_ACTION' },
      { id: 'done', kind: 'end', result: 'completed' },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' },
      { id: 'e2', source: 'lookup', sourceHandle: 'success', target: 'gprs' },
      { id: 'e3', source: 'gprs', sourceHandle: 'success', target: 'done' },
    ],
  };
}

describe('running one step of a draft with pinned input', () => {
  let stack: RuntimeStack;
  let code: string;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
    code = `STEP_${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Step run (test)', requiredSubjectKeys: ['msisdn', 'imsi'] })).status).toBe(201);
    const saved = await stack.api('PUT', `/api/workflows/${code}/draft`, { graph: draftGraph() });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const runDone = (runId: string) =>
    eventually(`run ${runId} to end`, async () => {
      const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
      return ['Completed', 'Failed', 'Cancelled'].includes(res.body.status) ? res.body : undefined;
    });

  it('sends the order with values from the pinned data and a seeded earlier output, now, and nothing else', async () => {
    const subject = { msisdn: msisdn(), imsi: imsi() };
    const sample = { subject, data: { apn: 'pinned' }, nodes: { lookup: { outcome: 'success', output: { profile: 'GOLD_SEEDED' } } } };
    const res = await stack.api('POST', `/api/workflows/${code}/steps/gprs/test-run`, sample);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.runId).toMatch(new RegExp(`^run:${code}:step-gprs-`));

    const run = await runDone(res.body.runId);
    expect(run.status, stack.logs()).toBe('Completed');
    expect(run).toMatchObject({ isTest: true, version: 0, subject });
    // Only the step ran (its 2 h delay dropped), the seeded lookup is not a step of this run.
    expect(run.state.trail).toEqual(['step_run_start', 'gprs', 'step_run_success']);
    expect(run.state.nodes.gprs).toMatchObject({ status: 'completed', outcome: 'success' });
    expect(run.state.nodes.lookup).toBeUndefined();
    expect(typeof run.state.nodes.gprs.serviceOrderId).toBe('string');

    const received = (await stack.simulator('GET', '/control/requests?provider=hss-main')).body.items as { body: { subject: Record<string, string>; fields: Record<string, unknown>; serviceOrderId: string } }[];
    const mine = received.filter((r) => r.body?.subject?.msisdn === subject.msisdn);
    expect(mine).toHaveLength(1);
    expect(mine[0].body.fields).toMatchObject({ msisdn: subject.msisdn, imsi: subject.imsi, apn: 'pinned.test', qosProfile: 'GOLD_SEEDED' });
    expect(mine[0].body.serviceOrderId).toBe(run.state.nodes.gprs.serviceOrderId);

    const order = await stack.api('GET', `/api/service-orders/${mine[0].body.serviceOrderId}`);
    expect(order.body.exchanges.map((e: { direction: string }) => e.direction)).toContain('response');
  });

  it('refuses what cannot run, field by field, starting nothing', async () => {
    const sample = { subject: { msisdn: msisdn(), imsi: imsi() } };
    const post = (node: string, body: unknown) => stack.api('POST', `/api/workflows/${code}/steps/${node}/test-run`, body);

    const unknown = await post('nope', sample);
    expect(unknown.status).toBe(422);
    expect(unknown.body.problems).toEqual([{ path: 'nodeId', message: 'the draft has no step nope' }]);
    for (const node of ['start', 'done']) {
      const refused = await post(node, sample);
      expect(refused.status).toBe(422);
      expect(refused.body.problems[0]).toMatchObject({ path: 'nodeId', message: expect.stringContaining('cannot be run on its own') });
    }
    const broken = await post('broken', sample);
    expect(broken.status).toBe(422);
    expect(broken.body.message).toMatch(/step broken .* fix its errors first/);
    expect(broken.body.problems.every((p: { nodeId: string }) => p.nodeId === 'broken')).toBe(true);

    const missing = await post('gprs', { subject: { msisdn: msisdn() } });
    expect(missing.status).toBe(422);
    expect(missing.body.problems).toEqual([{ path: 'subject.imsi', message: `is required for ${code}` }]);

    const bad = await post('gprs', { subject: { msisdn: 'abc' }, nodes: { lookup: { outcome: 7 } }, extra: 1 });
    expect(bad.status).toBe(422);
    const paths = bad.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['subject.msisdn', 'nodes.lookup.outcome']));

    const huge = await post('gprs', { ...sample, nodes: { lookup: { output: 'x'.repeat(300 * 1024) } } });
    expect(huge.status).toBe(422);
    expect(JSON.stringify(huge.body.problems)).toMatch(/kB as JSON; at most 256 kB/);

    expect((await stack.api('POST', '/api/workflows/NOT_A_CODE/steps/gprs/test-run', sample)).status).toBe(404);
    const runs = (await stack.api('GET', `/api/runs?msisdn=${sample.subject.msisdn}`)).body.items;
    expect(runs).toEqual([]);
  });
});
