import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOW_TYPES } from '@signalbox/contracts';
import { assertBuilt, eventually, oneActionGraph, startRuntimeStack, type RuntimeStack } from './runtime-stack';
import { startOtlpCollector, type OtlpCollector, type ReceivedSpan } from './otlp-collector';

// OpenTelemetry traces through the real stack: a caller's W3C traceparent on POST /api/events is
// continued by the API's server span, carried into the run by Temporal's client interceptor, through
// the workflow and the activity to the provider's HTTP request (the simulator's journal shows the
// header), and the API's and the worker's spans reach an OTLP/HTTP JSON collector run by this test.
// With tracing off (the default stack) the provider request carries no traceparent.

const HSS = 'hss-main';
const INTERPRETER = WORKFLOW_TYPES.interpreter;

async function publishHssCode(stack: RuntimeStack, prefix: string): Promise<string> {
  const code = `${prefix}_${randomBytes(3).toString('hex').toUpperCase()}`;
  expect((await stack.api('POST', '/api/event-codes', { code, eventType: 'PROVISIONING', name: 'Tracing (test)', requiredSubjectKeys: ['msisdn'] })).status).toBe(201);
  expect((await stack.api('PUT', `/api/workflows/${code}/draft`, { graph: oneActionGraph('HSS_ACTIVATE_SUBSCRIBER') })).status).toBe(200);
  const published = await stack.api('POST', `/api/workflows/${code}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return code;
}

function newSubject() {
  const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  return { msisdn: `447${digits}`, imsi: `234150${digits}`, iccid: `8944${digits}00000` };
}

/** A raise sent with the caller's own headers (stack.api sends only the key). */
async function raise(stack: RuntimeStack, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = { status: res.status, body: (await res.json()) as { runs?: { runId: string }[]; results?: { runs: { runId: string }[] }[] } };
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body;
}

interface JournalRequest {
  method: string;
  headers: Record<string, string>;
  body?: { subject?: { msisdn?: string } };
}

/** The order the simulator's HSS received for this subscriber. */
async function providerRequestFor(stack: RuntimeStack, msisdn: string): Promise<JournalRequest> {
  return eventually(`the HSS to receive the order for ${msisdn}`, async () => {
    const items = (await stack.simulator('GET', `/control/requests?provider=${HSS}`)).body.items as JournalRequest[];
    return items.find((r) => r.method === 'POST' && r.body?.subject?.msisdn === msisdn);
  }, 120_000);
}

const traceparentOf = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;

describe('traces with an OTLP endpoint configured', () => {
  let collector: OtlpCollector;
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    collector = await startOtlpCollector();
    // Personal keys not indexed: then no MSISDN may appear in any exported span.
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200', SIGNALBOX_INDEX_PERSONAL_KEYS: 'false' };
    stack = await startRuntimeStack({ apiEnv: env, workerEnv: env });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await collector?.close();
  });

  /** Spans of the trace, once the API's and the worker's named ones have all arrived. */
  const spansOnceArrived = (traceId: string, expected: { service: string; name: string }[]) =>
    eventually(`spans of trace ${traceId}: ${expected.map((e) => `${e.service} ${e.name}`).join(', ')}`, async () => {
      const spans = collector.spans(traceId);
      return expected.every((e) => spans.some((s) => s.service === e.service && s.name === e.name)) ? spans : undefined;
    }, 120_000);
  const one = (spans: ReceivedSpan[], service: string, name: string) => {
    const found = spans.filter((s) => s.service === service && s.name === name);
    expect(found, `${service} ${name} in ${JSON.stringify(spans.map((s) => `${s.service} ${s.name}`))}`).toHaveLength(1);
    return found[0];
  };

  it('continues the caller\'s trace from POST /api/events through the run to the provider\'s HTTP request', async () => {
    const code = await publishHssCode(stack, 'TRACE');
    const subject = newSubject();
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const raised = await raise(stack, '/api/events', { eventCode: code, subject, data: {} }, { traceparent: traceparentOf(traceId, callerSpanId) });
    const runId = raised.runs?.[0]?.runId;
    expect(runId).toBeTruthy();

    const request = await providerRequestFor(stack, subject.msisdn);
    expect(request.headers.traceparent, JSON.stringify(request.headers)).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    const spans = await spansOnceArrived(traceId, [
      { service: 'signalbox-api', name: 'POST /api/events' },
      { service: 'signalbox-api', name: `StartWorkflow:${INTERPRETER}` },
      { service: 'signalbox-worker', name: `RunWorkflow:${INTERPRETER}` },
      { service: 'signalbox-worker', name: 'StartActivity:provisioning' },
      { service: 'signalbox-worker', name: 'RunActivity:provisioning' },
    ]);
    // One chain: caller → request → start → run → scheduled step → its attempt → the provider.
    const server = one(spans, 'signalbox-api', 'POST /api/events');
    expect(server).toMatchObject({ parentSpanId: callerSpanId, kind: 2, attributes: { 'http.route': '/api/events', 'http.response.status_code': 202 } });
    const start = one(spans, 'signalbox-api', `StartWorkflow:${INTERPRETER}`);
    expect(start.parentSpanId).toBe(server.spanId);
    expect(start.attributes.temporalWorkflowId).toBe(runId);
    const run = one(spans, 'signalbox-worker', `RunWorkflow:${INTERPRETER}`);
    expect(run.parentSpanId).toBe(start.spanId);
    expect(run.attributes).toMatchObject({ workflowId: runId, workflowType: INTERPRETER });
    const scheduled = one(spans, 'signalbox-worker', 'StartActivity:provisioning');
    expect(scheduled.parentSpanId).toBe(run.spanId);
    const attempt = one(spans, 'signalbox-worker', 'RunActivity:provisioning');
    expect(attempt.parentSpanId).toBe(scheduled.spanId);
    expect(request.headers.traceparent).toBe(traceparentOf(traceId, attempt.spanId));

    // Nothing personal or secret left the processes: no MSISDN (not indexed here), no key, no
    // memo or search attributes copied from the workflow's info.
    const exported = JSON.stringify(collector.raw());
    expect(exported).not.toContain(subject.msisdn);
    expect(exported).not.toContain(stack.adminKey);
    const keys = new Set(collector.spans().flatMap((s) => Object.keys(s.attributes)));
    for (const key of ['memo', 'searchAttributes', 'typedSearchAttributes', 'lastResult', 'authorization']) expect(keys.has(key), key).toBe(false);
  }, 300_000);

  it('starts the runs of POST /api/events/batch inside the request\'s trace', async () => {
    const code = await publishHssCode(stack, 'TRACEB');
    const subjects = [newSubject(), newSubject()];
    const traceId = randomBytes(16).toString('hex');
    const raised = await raise(stack, '/api/events/batch', { events: subjects.map((subject) => ({ eventCode: code, subject, data: {} })) }, { traceparent: traceparentOf(traceId, randomBytes(8).toString('hex')) });
    expect(raised.results?.flatMap((r) => r.runs)).toHaveLength(2);
    for (const subject of subjects) expect((await providerRequestFor(stack, subject.msisdn)).headers.traceparent).toMatch(new RegExp(`^00-${traceId}-`));
    const spans = await spansOnceArrived(traceId, [
      { service: 'signalbox-api', name: 'POST /api/events/batch' },
      { service: 'signalbox-worker', name: 'RunActivity:provisioning' },
    ]);
    const server = one(spans, 'signalbox-api', 'POST /api/events/batch');
    const starts = spans.filter((s) => s.name === `StartWorkflow:${INTERPRETER}`);
    expect(starts.map((s) => s.parentSpanId)).toEqual([server.spanId, server.spanId]);
  }, 300_000);
});

describe('traces without an endpoint (the default stack)', () => {
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack();
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the provider no traceparent, even when the caller sent one', async () => {
    const code = await publishHssCode(stack, 'UNTRACED');
    const subject = newSubject();
    await raise(stack, '/api/events', { eventCode: code, subject, data: {} }, { traceparent: traceparentOf(randomBytes(16).toString('hex'), randomBytes(8).toString('hex')) });
    const request = await providerRequestFor(stack, subject.msisdn);
    expect(request.headers).toHaveProperty('idempotency-key');
    expect(request.headers).not.toHaveProperty('traceparent');
    expect(request.headers).not.toHaveProperty('tracestate');
  }, 300_000);
});
