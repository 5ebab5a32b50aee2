import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { GraphNode } from '@signalbox/domain';
import { incidentUpdate, namedSignal } from '@signalbox/contracts';
import { action, end, graph, provisioningCode, serviceType, simulator, simulatorProvider, snapshot, start, startHarness, startRun, uniq, type Harness } from './harness';
import { finalRunState } from './run-result';

// Riding bookkeeping (patched('riding-bookkeeping')): a message is rendered by the activity that
// sends it, and the run's webhook state changes are written by the next action activity it calls;
// a local activity writes only what no activity could carry (the end, an incident, a wait).

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // A provider of this file's own, down for good (the simulator is shared by every test file).
  const gone = `ride-gone-${uniq()}`;
  for (const code of ['hss', gone]) h.catalog.providers[code] = simulatorProvider(h.simulatorUrl, code);
  await simulator(`/control/providers/${gone}`, { method: 'PUT', body: { down: true } });
  h.catalog.serviceTypes['/service/telco/gprs'] = serviceType('/service/telco/gprs');
  h.catalog.actionCodes.RIDE_ACTIVATE = provisioningCode('RIDE_ACTIVATE', 'hss');
  h.catalog.actionCodes.RIDE_GONE = provisioningCode('RIDE_GONE', gone);
  h.catalog.templates.RIDE_HELLO = { code: 'RIDE_HELLO', name: 'Hello', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hello {{ data.name }}, line {{ subject.msisdn }} is on.' }] };
  h.catalog.templates.RIDE_BROKEN = { code: 'RIDE_BROKEN', name: 'Broken', channel: 'sms', defaultLocale: 'en', variants: [{ locale: 'en', body: 'Total: {{ $number("not a number") }}' }] };
});

afterAll(async () => {
  await h?.stop();
});

/** Local activities the run's history records, by activity type, in order. */
async function localActivities(run: WorkflowHandle): Promise<string[]> {
  const history = await run.fetchHistory();
  const types: string[] = [];
  for (const event of history.events ?? []) {
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') continue;
    const data = marker.details?.data?.payloads?.[0]?.data;
    if (!data) continue;
    types.push((JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type);
  }
  return types;
}

async function outbox(run: WorkflowHandle): Promise<string[]> {
  const rows: { state: string }[] = await h.dataSource.query(`SELECT state FROM webhook_outbox WHERE subject_id = $1 ORDER BY id`, [run.workflowId]);
  return rows.map((r) => r.state);
}

const sms = (template: string): GraphNode => ({ id: 'sms', kind: 'communication', template });
const msisdn = () => `4477009${String(Date.now()).slice(-5)}`;

describe('bookkeeping riding on the run’s own activities', () => {
  it('an order then an SMS: started rides on the order, the message is rendered where it is sent, one local activity writes the end', async () => {
    const to = msisdn();
    const g = graph([start(), action('act', 'RIDE_ACTIVATE', { apn: "'internet'" }), sms('RIDE_HELLO'), end('ok')], ['start:next->act', 'act:success->sms', 'sms:success->ok']);
    const run = await startRun(h, snapshot(h, `RIDE_${uniq().toUpperCase()}`, g), { subject: { msisdn: to, imsi: `23415${uniq()}` }, data: { name: 'Ada' } });
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'act', 'sms', 'ok']);
    expect(await outbox(run)).toEqual(['Running', 'Completed']);
    expect(await localActivities(run)).toEqual(['recordRunStateChange']);
    const delivered = (await simulator(`/control/messages?channel=sms&to=${encodeURIComponent(to)}`)) as { items: { text: string }[] };
    expect(delivered.items.map((m) => m.text)).toEqual([`Hello Ada, line ${to} is on.`]);
  });

  it('a template that does not render fails the step with the reason, and sends nothing', async () => {
    const to = msisdn();
    const g = graph([start(), sms('RIDE_BROKEN'), end('ok'), end('bad', 'failed')], ['start:next->sms', 'sms:success->ok', 'sms:failure->bad']);
    const run = await startRun(h, snapshot(h, `RIDE_${uniq().toUpperCase()}`, g), { subject: { msisdn: to }, data: {} });
    const state = await finalRunState(run);
    expect(state.trail).toEqual(['start', 'sms', 'bad']);
    expect(state.nodes.sms.error).toMatch(/template RIDE_BROKEN \(en\) does not render/);
    const delivered = (await simulator(`/control/messages?channel=sms&to=${encodeURIComponent(to)}`)) as { items: unknown[] };
    expect(delivered.items).toEqual([]);
    // Started rode on the communication (which failed without sending); the run's end by a local activity.
    expect(await outbox(run)).toEqual(['Running', 'Failed']);
  });

  it('a refused order parks an incident: every change is in the outbox once and in order, whatever carried it', async () => {
    const g = graph([start(), action('a1', 'RIDE_GONE', { apn: "'internet'" }), end('ok')], ['start:next->a1', 'a1:success->ok']);
    const run = await startRun(h, snapshot(h, `RIDE_${uniq().toUpperCase()}`, g));
    await expect.poll(() => outbox(run), { timeout: 60_000, interval: 200 }).toEqual(['Running', 'Incident']);
    await run.executeUpdate(incidentUpdate, { args: [{ action: 'skip', outcome: 'success', output: { done: 'by hand' } }] });
    const state = await finalRunState(run);
    expect(state.status).toBe('Completed');
    expect(await outbox(run)).toEqual(['Running', 'Incident', 'Running', 'Completed']);
  });

  it('a run that waits before its first activity writes its start before it waits (and shows no stack trace)', async () => {
    const g = graph([start(), { id: 'w', kind: 'wait', wait: { type: 'signal', signal: 'go', timeout: '10m' } }, end('ok')], ['start:next->w', 'w:next->ok', 'w:timeout->ok']);
    const run = await startRun(h, snapshot(h, `RIDE_${uniq().toUpperCase()}`, g));
    await expect.poll(() => outbox(run), { timeout: 60_000, interval: 200 }).toEqual(['Running']);
    // Stack traces are off in runs by default (workflow-stack-traces.ts): the SDK's stack trace
    // query of a waiting run names none of the interpreter's frames.
    const stacks = await run.query<string>('__stack_trace');
    expect(typeof stacks).toBe('string');
    expect(stacks).not.toMatch(/interpreter|wait\.step|at /);
    await run.signal(namedSignal, { name: 'go', payload: {} });
    await finalRunState(run);
    expect(await outbox(run)).toEqual(['Running', 'Completed']);
  });
});
