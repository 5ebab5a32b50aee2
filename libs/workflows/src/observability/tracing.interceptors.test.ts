import { defaultPayloadConverter } from '@temporalio/common';
import { TRACE_HEADER as TEMPORAL_TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { describe, expect, it } from 'vitest';
import { carriesTraceContext, TRACE_HEADER } from './tracing.interceptors';

describe('which runs are traced', () => {
  it('reads the header Temporal\'s OpenTelemetry interceptors write', () => {
    expect(TRACE_HEADER).toBe(TEMPORAL_TRACE_HEADER);
  });

  it('only a start carrying a W3C traceparent', () => {
    const header = (carrier: unknown) => ({ [TRACE_HEADER]: defaultPayloadConverter.toPayload(carrier) });
    expect(carriesTraceContext({})).toBe(false);
    // What the client interceptor writes when no tracer provider is registered: an empty carrier.
    expect(carriesTraceContext(header({}))).toBe(false);
    expect(carriesTraceContext(header(null))).toBe(false);
    expect(carriesTraceContext({ [TRACE_HEADER]: { metadata: { encoding: new TextEncoder().encode('binary/unknown') }, data: new Uint8Array([1]) } })).toBe(false);
    expect(carriesTraceContext(header({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }))).toBe(true);
  });
});
