import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { tracingSettings } from './env';
import { exportableAttributes, PolicySpanProcessor } from './tracing';

describe('tracingSettings', () => {
  it('is off without an endpoint', () => {
    expect(tracingSettings({}, 'signalbox-api')).toBeUndefined();
    expect(tracingSettings({ OTEL_SERVICE_NAME: 'x' }, 'signalbox-api')).toBeUndefined();
  });

  it('sends to <endpoint>/v1/traces under the app\'s name unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'signalbox-worker')).toEqual({ tracesUrl: 'http://collector:4318/v1/traces', serviceName: 'signalbox-worker' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/base', OTEL_SERVICE_NAME: 'signalbox-api-eu1' }, 'signalbox-api')).toEqual({
      tracesUrl: 'https://otel.example.com/base/v1/traces',
      serviceName: 'signalbox-api-eu1',
    });
  });
});

// What Temporal's worker puts on a workflow span: the interceptor's attributes plus the whole WorkflowInfo.
const workflowSpanAttributes = {
  workflowId: 'run:SIM_SWAP:abc',
  runId: '0190-run',
  workflowType: 'interpreterWorkflow',
  taskQueue: 'signalbox',
  namespace: 'default',
  attempt: 1,
  memo: { subject: { msisdn: '447700900123' } },
  searchAttributes: { Msisdn: ['447700900123'] },
  typedSearchAttributes: [{ key: 'Msisdn', value: '447700900123' }],
  lastResult: 'secret-ish',
  'http.request.header.authorization': 'Bearer sbx_x',
} as never;

describe('the attribute policy', () => {
  it('keeps the named ids and drops the rest of the workflow info (memo, search attributes, results)', () => {
    expect(exportableAttributes(workflowSpanAttributes, { indexPersonalKeys: true })).toEqual({
      workflowId: 'run:SIM_SWAP:abc',
      runId: '0190-run',
      workflowType: 'interpreterWorkflow',
      taskQueue: 'signalbox',
      namespace: 'default',
      attempt: 1,
    });
  });

  it('hides a service queue\'s key (an MSISDN) when personal keys are not indexed', () => {
    const attributes = { temporalWorkflowId: 'service:447700900123', workflowId: 'service:447700900123', run_id: 'r1' };
    expect(exportableAttributes(attributes, { indexPersonalKeys: true })).toEqual(attributes);
    expect(exportableAttributes(attributes, { indexPersonalKeys: false })).toEqual({ temporalWorkflowId: 'service:[hidden]', workflowId: 'service:[hidden]', run_id: 'r1' });
    expect(exportableAttributes({ workflowId: 'run:SIM_SWAP:abc' }, { indexPersonalKeys: false })).toEqual({ workflowId: 'run:SIM_SWAP:abc' });
  });

  it('hands on a view of each ended span with the kept attributes, leaving the span itself alone', () => {
    const ended: ReadableSpan[] = [];
    const next: SpanProcessor = { onStart: (_s: Span, _c: Context) => undefined, onEnd: (s) => ended.push(s), forceFlush: async () => undefined, shutdown: async () => undefined };
    const span = { name: 'RunWorkflow:interpreterWorkflow', attributes: workflowSpanAttributes, spanContext: () => ({ traceId: 't', spanId: 's', traceFlags: 1 }) } as unknown as ReadableSpan;
    new PolicySpanProcessor(next, { indexPersonalKeys: false }).onEnd(span);
    expect(ended).toHaveLength(1);
    expect(ended[0].name).toBe('RunWorkflow:interpreterWorkflow');
    expect(ended[0].spanContext().spanId).toBe('s');
    expect(Object.keys(ended[0].attributes)).not.toContain('memo');
    expect(span.attributes).toHaveProperty('memo');
  });
});
