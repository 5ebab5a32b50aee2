import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@signalbox/tools/infra';
import { METRICS } from '@signalbox/contracts';
import { assertBuilt, eventually, startRuntimeStack, type RuntimeStack } from './runtime-stack';
import { msisdnsFor, publishOrderingEventCode, simulatorOrders, type SimulatorRequest } from './order-fixture';
import { prometheusSample } from './prometheus-sample';

// The outage drill (issue 10's "Done when"), small in `npm test`; `npm run drill` (tools/drill/run.mjs)
// runs this file at full scale through SIGNALBOX_DRILL_*: the simulator's HSS goes down while runs
// are in flight → they park as incidents and the error-rate probe trips and tells ops once; the HSS
// comes back → one bulk retry completes every incident, no order sent twice (the simulator's own
// log); drift → a reconciliation dry run lists exactly the drifted subscribers and the real run
// brings them back; a batch over a CSV runs from its schedule and its log counts every line started;
// /metrics moves throughout.

function scaleFromEnv() {
  const read = (name: string, fallback: number) => {
    const raw = process.env[`SIGNALBOX_DRILL_${name}`];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`SIGNALBOX_DRILL_${name} must be a whole number above 0, not ${raw}`);
    return Number(raw);
  };
  return { runs: read('RUNS', 8), drift: read('DRIFT', 3), csvLines: read('CSV_LINES', 40) };
}

const scale = scaleFromEnv();
if (scale.drift > scale.runs) throw new Error('SIGNALBOX_DRILL_DRIFT cannot exceed SIGNALBOX_DRILL_RUNS: only provisioned subscribers can drift');
// Deadlines grow with the scale: the drill waits on progress, and a busy machine only makes it slower.
const waitMs = 120_000 + scale.runs * 3_000 + scale.csvLines * 200;
const say = (line: string) => console.log(`[drill] ${new Date().toISOString()} ${line}`);

describe(`outage drill: ${scale.runs} runs, ${scale.drift} drifted subscribers, a ${scale.csvLines}-line batch`, () => {
  let stack: RuntimeStack;
  let workerMetricsUrl: string;
  const id = randomBytes(3).toString('hex');
  const provider = `hss-drill-${id}`;
  const eventCode = `DRILL_${id.toUpperCase()}`;
  const batchEventCode = `DRILL_BATCH_${id.toUpperCase()}`;
  const probe = `drill-${id}`;
  const opsMail = `ops-${id}@example.test`;
  const msisdns = msisdnsFor(scale.runs);

  const metrics = async (url: string, key?: string) => {
    const res = await fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});
    expect(res.status).toBe(200);
    return res.text();
  };
  const workerMetrics = () => metrics(workerMetricsUrl);
  const apiMetrics = () => metrics(`${stack.apiUrl}/metrics`, stack.adminKey);
  const probeMails = async (state: 'tripped' | 'cleared') =>
    ((await stack.simulator('GET', `/control/messages?channel=email&to=${encodeURIComponent(opsMail)}`)).body.items as { subject: string }[]).filter((m) => m.subject === `Signalbox probe ${probe} ${state}`);
  const countRuns = async (status: string) => {
    let total = 0;
    let pageToken: string | undefined;
    do {
      const page = await stack.api('GET', `/api/runs?eventCode=${eventCode}&status=${status}&pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      total += page.body.items.length;
      pageToken = page.body.nextPageToken ?? undefined;
    } while (pageToken);
    return total;
  };

  beforeAll(async () => {
    assertBuilt();
    const metricsPort = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    stack = await startRuntimeStack({ workerEnv: { SIGNALBOX_METRICS_PORT: String(metricsPort), SIGNALBOX_PROBE_INTERVAL_MS: '500' } });
    await publishOrderingEventCode(stack, { provider, eventCode });
    // The batch raises a workflow of no steps: the schedule and the run log are under test, not 10,000 more orders.
    expect((await stack.api('POST', '/api/event-codes', { code: batchEventCode, eventType: 'PROVISIONING', name: 'Drill batch (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    const graph = { nodes: [{ id: 'start', kind: 'start' }, { id: 'end', kind: 'end' }], edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'end' }] };
    expect((await stack.api('PUT', `/api/workflows/${batchEventCode}/draft`, { graph })).status).toBe(200);
    expect((await stack.api('POST', `/api/workflows/${batchEventCode}/publish`, {})).status).toBe(201);
    const put = await stack.api('PUT', `/api/probes/${probe}`, { kind: 'error-rate', provider, threshold: 0.5, windowMinutes: 60, minSamples: Math.min(scale.runs, 5), notify: opsMail });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('survives the HSS outage, a drift and a scheduled batch, with the counters to show it', async () => {
    const workerBefore = await workerMetrics();
    const apiBefore = await apiMetrics();
    const labels = { event_code: eventCode, version: '1', test: 'false' };

    // 1. The HSS goes down while the runs are in flight: every one parks as an incident.
    expect((await stack.simulator('PUT', `/control/providers/${provider}`, { down: true })).status).toBe(200);
    say(`raising ${scale.runs} events with the HSS down`);
    const runIds: string[] = [];
    for (const msisdn of msisdns) {
      const raised = await stack.api('POST', '/api/events', { eventCode, subject: { msisdn }, idempotencyKey: randomUUID() });
      expect(raised.status, JSON.stringify(raised.body)).toBe(202);
      runIds.push(raised.body.runs[0].runId);
    }
    await eventually(`all ${scale.runs} runs to park as incidents`, async () => ((await countRuns('Incident')) === scale.runs ? true : undefined), waitMs);
    say('every run parked as an incident');

    // 2. The error-rate probe trips and tells ops once, however often it is evaluated while tripped.
    await eventually('the probe to trip', async () => ((await stack.api('GET', `/api/health/probes`)).body.tripped?.includes(probe) ? true : undefined), waitMs);
    const trippedEvaluations = async () => prometheusSample(await workerMetrics(), METRICS.probeEvaluations.name, { probe, state: 'tripped' });
    const atTrip = await trippedEvaluations();
    await eventually('the probe to be evaluated three more times while tripped', async () => ((await trippedEvaluations()) >= atTrip + 3 ? true : undefined), waitMs);
    await eventually('the tripped notice', async () => ((await probeMails('tripped')).length > 0 ? true : undefined));
    expect(await probeMails('tripped')).toHaveLength(1);
    say('the probe tripped and sent one notice');

    // 3. The HSS comes back: one bulk retry completes every incident.
    expect((await stack.simulator('PUT', `/control/providers/${provider}`, { down: false })).status).toBe(200);
    const dry = await stack.api('POST', '/api/runs/bulk', { filters: { eventCode }, operation: 'retry', dryRun: true });
    expect(dry.body, JSON.stringify(dry.body)).toMatchObject({ dryRun: true, count: scale.runs });
    const bulk = await stack.api('POST', '/api/runs/bulk', { filters: { eventCode }, operation: 'retry', perSecond: 50 });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(202);
    const result = await eventually('the bulk retry to finish', async () => {
      const status = await stack.api('GET', `/api/runs/bulk/${bulk.body.id}`);
      return status.body.done ? status.body : undefined;
    }, waitMs);
    expect(result).toMatchObject({ listed: scale.runs, applied: scale.runs, refused: 0, failed: 0 });
    await eventually(`all ${scale.runs} runs to complete`, async () => ((await countRuns('Completed')) === scale.runs ? true : undefined), waitMs);
    say('one bulk retry completed every incident');

    // No order sent twice, from the simulator's own log: every service order id arrived once, and
    // each subscriber got exactly one order that went through (the refused one during the outage aside).
    const orders = await simulatorOrders(stack, provider);
    const byOrderId = countBy(orders, (r) => r.body?.serviceOrderId ?? '');
    expect([...byOrderId.values()].filter((n) => n > 1)).toEqual([]);
    expect(orders.filter((r) => r.duplicate)).toEqual([]);
    const applied = countBy(orders.filter((r) => r.status === 200), (r) => r.body?.subject?.msisdn ?? '');
    expect(msisdns.filter((m) => applied.get(m) !== 1)).toEqual([]);
    // The outage's refusals: at most one per run (a send that timed out on a loaded machine before
    // it reached the simulator is not in its log; Signalbox's FAILED orders are counted below).
    expect(orders.filter((r) => r.status === 503).length).toBeLessThanOrEqual(scale.runs);

    // 4. Drift: the simulator changes subscribers behind Signalbox's back; a dry run lists exactly
    //    those, and the real run brings them back.
    const drift = await stack.simulator('POST', `/control/providers/${provider}/drift`, { count: scale.drift });
    expect(drift.status, JSON.stringify(drift.body)).toBe(200);
    const drifted = (drift.body.drifted as { key: string }[]).map((d) => d.key).sort();
    expect(drifted).toHaveLength(scale.drift);
    const dryRec = await stack.api('POST', '/api/reconciliations', { provider, dryRun: true });
    expect(dryRec.status, JSON.stringify(dryRec.body)).toBe(202);
    const dryReport = await reconciliation(dryRec.body.id);
    expect(dryReport.counts).toMatchObject({ subjects: scale.runs, inSync: scale.runs - scale.drift, differs: scale.drift });
    expect(await differingKeys(dryRec.body.id)).toEqual(drifted);
    const realRec = await stack.api('POST', '/api/reconciliations', { provider });
    const realReport = await reconciliation(realRec.body.id);
    expect(realReport.counts).toMatchObject({ differs: scale.drift, synced: scale.drift, syncFailed: 0 });
    const subscribers = (await stack.simulator('GET', `/control/subscribers?provider=${provider}`)).body.items as { status: string }[];
    expect(subscribers.filter((s) => s.status !== 'active')).toEqual([]);
    expect((await simulatorOrders(stack, provider)).filter((r) => r.duplicate)).toEqual([]);
    say(`reconciliation listed exactly the ${scale.drift} drifted subscribers and brought them back`);

    // 5. A batch over a CSV runs from its schedule (every minute), and its log counts every line started.
    const batch = `drill-${id}`;
    const csv = ['msisdn', ...Array.from({ length: scale.csvLines }, (_, i) => `44771${String(i).padStart(7, '0')}`)].join('\n');
    const created = await stack.api('POST', '/api/batches', { code: batch, eventCode: batchEventCode, csv, paging: { pageSize: 500, startsPerSecond: 200 }, schedule: { kind: 'cron', cron: '* * * * *', timeZone: 'UTC' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const execution = await eventually('the scheduled execution to finish', async () => {
      const [first] = (await stack.api('GET', `/api/batches/${batch}/executions`)).body.items;
      if (first?.status === 'failed') throw new Error(`the batch execution failed: ${JSON.stringify(first)}`);
      return first?.status === 'done' ? first : undefined;
    }, waitMs + 60_000);
    expect(execution).toMatchObject({ subjects: scale.csvLines, started: scale.csvLines, duplicates: 0 });
    expect(execution.scheduledAt).not.toBeNull();
    expect((await stack.api('POST', `/api/batches/${batch}/pause`)).status).toBe(200);
    say(`the scheduled batch started ${execution.started} runs`);

    // 6. The counters moved.
    const worker = await workerMetrics();
    const grew = (text: string, before: string, name: string, l: Record<string, string>) => prometheusSample(text, name, l) - prometheusSample(before, name, l);
    expect(grew(worker, workerBefore, METRICS.runsStarted.name, labels)).toBe(scale.runs);
    expect(grew(worker, workerBefore, METRICS.runsEnded.name, { ...labels, result: 'completed' })).toBe(scale.runs);
    expect(grew(worker, workerBefore, METRICS.incidents.name, { ...labels, decision: 'opened' })).toBe(scale.runs);
    expect(grew(worker, workerBefore, METRICS.incidents.name, { ...labels, decision: 'retry' })).toBe(scale.runs);
    expect(grew(worker, workerBefore, `${METRICS.providerRequestDuration.name}_count`, { provider, protocol: 'http', result: 'unavailable' })).toBeGreaterThanOrEqual(scale.runs);
    // The run log counts runs when Temporal accepted their start; the worker counts them when they begin executing.
    const batchLabels = { event_code: batchEventCode, version: '1', test: 'false' };
    await eventually('the worker to count every batch run started', async () => (grew(await workerMetrics(), workerBefore, METRICS.runsStarted.name, batchLabels) >= scale.csvLines ? true : undefined), waitMs);
    const api = await apiMetrics();
    expect(grew(api, apiBefore, METRICS.eventsAccepted.name, { event_code: eventCode, started: 'true' })).toBe(scale.runs);
    expect(prometheusSample(api, METRICS.serviceOrders.name, { provider, state: 'FAILED' })).toBe(scale.runs);
    expect(prometheusSample(api, METRICS.serviceOrders.name, { provider, state: 'COMPLETED' })).toBe(scale.runs + scale.drift);
    say('the counters moved');
  }, 3_600_000);

  async function reconciliation(reconciliationId: string) {
    return eventually(`reconciliation ${reconciliationId} to finish`, async () => {
      const answer = await stack.api('GET', `/api/reconciliations/${reconciliationId}?limit=1`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      if (answer.body.status === 'failed') throw new Error(`reconciliation failed: ${answer.body.error}`);
      return answer.body.status === 'done' ? answer.body : undefined;
    }, waitMs);
  }

  async function differingKeys(reconciliationId: string): Promise<string[]> {
    const keys: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { lines: { subjectKey: string }[]; nextAfter: string | null } } = await stack.api('GET', `/api/reconciliations/${reconciliationId}?verdict=differs&limit=500${after ? `&after=${after}` : ''}`);
      keys.push(...page.body.lines.map((l) => l.subjectKey));
      after = page.body.nextAfter;
    } while (after);
    return keys.sort();
  }
});

function countBy(items: SimulatorRequest[], key: (r: SimulatorRequest) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
