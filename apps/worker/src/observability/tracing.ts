import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { ProcessTracing } from '@signalbox/contracts/tracing';

/**
 * What the worker hands Temporal for tracing: the sink that receives the spans of workflow code
 * (the bundle's tracing interceptor module), the activity interceptor that opens a span per
 * activity attempt under the workflow's, and the client interceptor for runs started from
 * activities (linked runs, batches).
 */
export interface WorkerTracing {
  sinks: InjectedSinks<OpenTelemetrySinks>;
  activity: ActivityInterceptorsFactory[];
  client: WorkflowClientInterceptor[];
}

/**
 * Tracing off. The bundle's interceptor module only traces runs whose start carried a trace context;
 * one started by a tracing API still reaches an untraced worker, whose sink then drops its spans
 * (an unregistered sink would be logged as an error on every workflow task).
 */
export const NO_TRACING: WorkerTracing = {
  sinks: { exporter: { export: { fn: () => undefined } } },
  activity: [],
  client: [],
};

export function workerTracing(tracing: ProcessTracing): WorkerTracing {
  return {
    // Through the process's span processor, so workflow spans get the same attribute policy.
    sinks: { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) },
    activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    client: [new OpenTelemetryWorkflowClientInterceptor()],
  };
}
