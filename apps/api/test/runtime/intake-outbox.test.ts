// The intake outbox (issue 9) on the real runtime: a batch raised while the stack's own Temporal
// server is stopped is accepted (202, nothing lost) and every run it names runs once Temporal is
// back; the same idempotency key raised again, by batch or single raise, is the same run.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';

const msisdn = () => `4477${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const imsi = () => `23415${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
const iccid = () => `894410${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;
const simSwap = (key: string) => ({ eventCode: 'SIM_SWAP', subject: { msisdn: msisdn(), imsi: imsi(), iccid: iccid() }, idempotencyKey: key });

interface QueuedRun {
  runId: string;
  eventCode: string;
  status: 'queued' | 'duplicate';
}

describe('intake outbox on the runtime stack', () => {
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack({ ownTemporal: true });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const runsOf = (body: { results: { runs: QueuedRun[] }[] }) => body.results.flatMap((r) => r.runs);
  const intake = async (runId: string) => (await stack.api('GET', `/api/events/intake/${encodeURIComponent(runId)}`)).body;
  const runDone = (runId: string) =>
    eventually(
      `run ${runId} to end`,
      async () => {
        const res = await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`);
        return ['Completed', 'Failed', 'Cancelled'].includes(res.body.status) ? res.body : undefined;
      },
      180_000,
    );

  it('accepts a batch while Temporal is stopped, and runs every event once it is back', async () => {
    const outage = stack.temporalOutage!;
    const tag = randomBytes(4).toString('hex');
    const events = Array.from({ length: 4 }, (_, i) => simSwap(`outage-${tag}-${i}`));
    let runs: QueuedRun[];
    await outage.stop();
    try {
      const accepted = await stack.api('POST', '/api/events/batch', { events });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      runs = runsOf(accepted.body);
      expect(runs).toEqual(events.map((e) => ({ runId: `run:SIM_SWAP:${e.idempotencyKey}`, eventCode: 'SIM_SWAP', status: 'queued' })));
      // The starter has tried: the answer to "where is my run" says it waits, and why.
      const tried = await eventually('a start to have been tried during the outage', async () => {
        const view = await intake(runs[0].runId);
        return view.attempts >= 1 ? view : undefined;
      });
      expect(tried).toMatchObject({ status: 'queued', startedAt: null, error: expect.stringContaining('did not accept the start') });
    } finally {
      await outage.restart();
    }
    for (const run of runs) {
      const detail = await runDone(run.runId);
      expect(detail.status, stack.logs()).toBe('Completed');
      // The row settles after its start answers. A start that reached Temporal but failed at the
      // starter (a deadline, a dropped connection just after the restart) is tried again after its
      // backoff (up to 30 s), finds the run there, and still says `started`: it was the row's own.
      const settled = await eventually(`the outbox row of ${run.runId} to settle`, async () => {
        const view = await intake(run.runId);
        return view.status === 'queued' ? undefined : view;
      }, 120_000);
      expect(settled).toMatchObject({ status: 'started', error: null });
    }
    // One order per run reached the simulator's HSS.
    const received = (await stack.simulator('GET', '/control/requests?provider=hss-main')).body.items as { body: { subject?: { msisdn?: string } } }[];
    for (const event of events) expect(received.filter((r) => r.body?.subject?.msisdn === event.subject.msisdn)).toHaveLength(1);
  }, 400_000);

  it('answers the same idempotency key with the same run, by batch and by single raise', async () => {
    const key = `dup-${randomBytes(4).toString('hex')}`;
    const event = simSwap(key);
    const first = await stack.api('POST', '/api/events/batch', { events: [event, event] });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const runId = `run:SIM_SWAP:${key}`;
    expect(runsOf(first.body)).toEqual([
      { runId, eventCode: 'SIM_SWAP', status: 'queued' },
      { runId, eventCode: 'SIM_SWAP', status: 'duplicate' },
    ]);
    const again = await stack.api('POST', '/api/events/batch', { events: [event] });
    expect(runsOf(again.body)).toEqual([{ runId, eventCode: 'SIM_SWAP', status: 'duplicate' }]);
    expect((await runDone(runId)).status).toBe('Completed');
    const single = await stack.api('POST', '/api/events', event);
    expect(single.status).toBe(202);
    expect(single.body.runs).toEqual([{ runId, eventCode: 'SIM_SWAP', started: false }]);
    // Raised first as a single raise, then by batch: the outbox finds the run started and says so.
    const otherKey = `dup-${randomBytes(4).toString('hex')}`;
    const other = simSwap(otherKey);
    const direct = await stack.api('POST', '/api/events', other);
    expect(direct.body.runs).toEqual([{ runId: `run:SIM_SWAP:${otherKey}`, eventCode: 'SIM_SWAP', started: true }]);
    const batched = await stack.api('POST', '/api/events/batch', { events: [other] });
    expect(runsOf(batched.body)).toEqual([{ runId: `run:SIM_SWAP:${otherKey}`, eventCode: 'SIM_SWAP', status: 'queued' }]);
    expect(await eventually('the outbox to find the run', async () => {
      const view = await intake(`run:SIM_SWAP:${otherKey}`);
      return view.status === 'queued' ? undefined : view;
    })).toMatchObject({ status: 'duplicate' });
  }, 300_000);

  it('says where an unknown run id is not: 404 from the intake status', async () => {
    const res = await stack.api('GET', `/api/events/intake/${encodeURIComponent('run:SIM_SWAP:never-raised')}`);
    expect(res.status).toBe(404);
  });
});
