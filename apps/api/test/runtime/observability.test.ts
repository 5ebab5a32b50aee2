import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@signalbox/tools/infra';
import { METRICS } from '@signalbox/contracts';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';
import { prometheusSample as sample } from './prometheus-sample';

// Metrics and probes against the real stack: the worker's and the API's /metrics move after
// raises, and an error-rate probe trips once (one email) and clears once (a second email) while
// the simulator's HSS fails and then recovers.

describe('metrics and probes', () => {
  let stack: RuntimeStack;
  let workerMetricsUrl: string;

  beforeAll(async () => {
    assertBuilt();
    const metricsPort = await freePort();
    workerMetricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    stack = await startRuntimeStack({ workerEnv: { SIGNALBOX_METRICS_PORT: String(metricsPort), SIGNALBOX_PROBE_INTERVAL_MS: '500', LOG_FORMAT: 'json' } });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const workerMetrics = async () => {
    const res = await fetch(workerMetricsUrl);
    expect(res.status).toBe(200);
    return res.text();
  };
  const apiMetrics = async () => {
    const res = await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    expect(res.status).toBe(200);
    return res.text();
  };

  async function publishHssCode(): Promise<string> {
    const code = `OBS_${randomBytes(3).toString('hex').toUpperCase()}`;
    expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Observability (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
    expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph: oneActionGraph('HSS_ACTIVATE_SUBSCRIBER') })).status).toBe(200);
    const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    return code;
  }

  async function raiseAndFinish(code: string, expected: 'Completed' | 'Failed'): Promise<void> {
    const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
    const subject = { msisdn: `447${digits}`, imsi: `234150${digits}`, iccid: `8944${digits}00000` };
    const raised = await stack.api('POST', '/api/events', { eventCode: code, subject, data: {} });
    expect(raised.status, JSON.stringify(raised.body)).toBe(202);
    const runId = raised.body.runs[0].runId as string;
    const view = await eventually(`run ${runId} to end`, async () => {
      const v = (await stack.api('GET', `/api/runs/${encodeURIComponent(runId)}`)).body;
      return ['Completed', 'Failed', 'Cancelled'].includes(v.status) ? v : undefined;
    }, 120_000);
    expect(view.status, stack.logs()).toBe(expected);
  }

  const probeMails = async (to: string) => ((await stack.simulator('GET', `/control/messages?channel=email&to=${encodeURIComponent(to)}`)).body.items as { subject: string; text: string }[]);

  it('counters move after raises; an error-rate probe trips once and clears once, telling by email each time', async () => {
    const code = await publishHssCode();
    const opsMail = `ops-${randomBytes(3).toString('hex')}@example.test`;
    const put = await stack.api('PUT', '/api/probes/hss-errors', { kind: 'error-rate', provider: 'hss-main', threshold: 0.5, windowMinutes: 60, minSamples: 2, notify: opsMail });
    expect(put.status, JSON.stringify(put.body)).toBe(201);
    expect(put.body).toMatchObject({ code: 'hss-errors', state: 'unknown' });
    // Bad thresholds are refused field by field, and nothing changes.
    const bad = await stack.api('PUT', '/api/probes/hss-errors', { kind: 'error-rate', provider: 'hss-main', threshold: 5, windowMinutes: 0 });
    expect(bad.status).toBe(422);
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual(['threshold', 'windowMinutes']);
    // With no orders yet the probe reads ok, which is no news.
    await eventually('the probe to be evaluated', async () => ((await stack.api('GET', '/api/probes/hss-errors')).body.state === 'ok' ? true : undefined));

    // The HSS answers every order FAILED: two failed runs, 100 % over two samples.
    expect((await stack.simulator('PUT', '/control/providers/hss-main', { failRate: 1 })).status).toBe(200);
    await raiseAndFinish(code, 'Failed');
    await raiseAndFinish(code, 'Failed');
    const tripped = await eventually('the probe to trip', async () => {
      const health = (await stack.api('GET', '/api/health/probes')).body;
      return health.status === 'tripped' ? health : undefined;
    });
    expect(tripped.tripped).toEqual(['hss-errors']);
    expect(tripped.probes[0]).toMatchObject({ code: 'hss-errors', state: 'tripped', value: 1, samples: 2 });
    const firstMails = await eventually('the tripped notice', async () => {
      const mails = await probeMails(opsMail);
      return mails.length >= 1 ? mails : undefined;
    });
    expect(firstMails[0].subject).toBe('Signalbox probe hss-errors tripped');

    // Recovered: three completed runs bring the rate to 2/5, below the threshold.
    expect((await stack.simulator('PUT', '/control/providers/hss-main', { failRate: 0 })).status).toBe(200);
    for (let i = 0; i < 3; i++) await raiseAndFinish(code, 'Completed');
    await eventually('the probe to clear', async () => ((await stack.api('GET', '/api/health/probes')).body.status === 'ok' ? true : undefined));
    const mails = await eventually('the cleared notice', async () => {
      const all = await probeMails(opsMail);
      return all.length >= 2 ? all : undefined;
    });
    // Once each, although the probe was evaluated many times while tripped.
    expect(mails.map((m) => m.subject)).toEqual(['Signalbox probe hss-errors tripped', 'Signalbox probe hss-errors cleared']);

    const worker = await workerMetrics();
    const labels = { event_code: code, version: '1', test: 'false' };
    expect(sample(worker, METRICS.runsStarted.name, labels)).toBe(5);
    expect(sample(worker, METRICS.runsEnded.name, { ...labels, result: 'failed' })).toBe(2);
    expect(sample(worker, METRICS.runsEnded.name, { ...labels, result: 'completed' })).toBe(3);
    expect(sample(worker, METRICS.steps.name, { action_type: 'provisioning', outcome: 'failure' })).toBeGreaterThanOrEqual(2);
    expect(sample(worker, METRICS.steps.name, { action_type: 'provisioning', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(sample(worker, `${METRICS.providerRequestDuration.name}_count`, { provider: 'hss-main', protocol: 'http', result: 'ok' })).toBeGreaterThanOrEqual(5);
    expect(sample(worker, METRICS.probeEvaluations.name, { probe: 'hss-errors', state: 'tripped' })).toBeGreaterThanOrEqual(1);
    // The Temporal SDK's own worker metrics are served on the same endpoint.
    expect(worker).toMatch(/^temporal_\w+/m);

    const refusedBefore = sample(await apiMetrics(), METRICS.eventsRefused.name, { status: '422' });
    expect((await stack.api('POST', '/api/events', { eventCode: code, subject: {} })).status).toBe(422);
    const api = await apiMetrics();
    expect(sample(api, METRICS.eventsAccepted.name, { event_code: code, started: 'true' })).toBe(5);
    expect(sample(api, METRICS.eventsRefused.name, { status: '422' })).toBe(refusedBefore + 1);
    expect(sample(api, METRICS.serviceOrders.name, { provider: 'hss-main', state: 'COMPLETED' })).toBeGreaterThanOrEqual(3);
    expect(sample(api, METRICS.serviceOrders.name, { provider: 'hss-main', state: 'FAILED' })).toBeGreaterThanOrEqual(2);
    expect(sample(api, METRICS.probeTripped.name, { probe: 'hss-errors', kind: 'error-rate' })).toBe(0);
    // Without a key, no metrics.
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(401);
  }, 360_000);

  it('probe thresholds are operator configuration: viewers read them, cannot change them; changes are audited', async () => {
    const viewer = await stack.api('POST', '/api/keys', { name: 'probe viewer', role: 'viewer' });
    const operator = await stack.api('POST', '/api/keys', { name: 'probe operator', role: 'operator' });
    const definition = { kind: 'stale-orders', olderThanMinutes: 30, threshold: 0 };
    expect((await stack.api('PUT', '/api/probes/stuck-orders', definition, viewer.body.key)).status).toBe(403);
    expect((await stack.api('PUT', '/api/probes/stuck-orders', definition, operator.body.key)).status).toBe(201);
    const changed = await stack.api('PUT', '/api/probes/stuck-orders', { ...definition, olderThanMinutes: 45 }, operator.body.key);
    expect(changed.status).toBe(200);
    expect(changed.body.definition).toMatchObject({ olderThanMinutes: 45, enabled: true });
    expect((await stack.api('GET', '/api/probes/stuck-orders', undefined, viewer.body.key)).body.definition.olderThanMinutes).toBe(45);
    const audit = await stack.api('GET', '/api/audit?kind=probe&code=stuck-orders');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect((await stack.api('DELETE', '/api/probes/stuck-orders', undefined, operator.body.key)).status).toBe(204);
    expect((await stack.api('GET', '/api/probes/stuck-orders')).status).toBe(404);
    expect((await stack.api('PUT', '/api/probes/Bad Code', definition)).status).toBe(422);
  });
});
