import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type {
  ActivityInput,
  ContinueAsNewInput,
  DisposeInput,
  GetLogAttributesInput,
  LocalActivityInput,
  Next,
  SignalInput,
  SignalWorkflowInput,
  StartChildWorkflowExecutionInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type * as OtelWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow';

/*
 * OpenTelemetry spans for workflow code (`RunWorkflow:<type>`, `StartActivity:<type>`, signals,
 * updates), through Temporal's own workflow interceptors, exported by the worker's `exporter` sink.
 *
 * A run is traced only when its start carried a trace context (Temporal's `_tracer-data` header with
 * a `traceparent`), which the API and the worker add only when tracing is configured. Any other run
 * goes straight through: Temporal's interceptor module is not even loaded for it (the bundle keeps a
 * module cache per run), so tracing off costs one header lookup per run. Either way nothing here
 * issues a command: trace context travels in headers of commands the workflow issues anyway, spans
 * leave through a sink (never during replay), so histories are the same with or without it.
 *
 * Registered by the worker's bundler (apps/worker/src/workflow-bundler.ts) as a workflow
 * interceptor module, and replayed with the committed histories (libs/workflows/test/).
 */

/** Temporal's OTel header (`TRACE_HEADER` of @temporalio/interceptors-opentelemetry; its test checks they agree). */
export const TRACE_HEADER = '_tracer-data';

/** Whether these headers carry a W3C trace context in Temporal's OTel header. */
export function carriesTraceContext(headers: Headers): boolean {
  const payload = headers[TRACE_HEADER];
  if (!payload) return false;
  try {
    const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown> | null>(payload);
    return typeof carrier?.traceparent === 'string';
  } catch {
    return false;
  }
}

interface TemporalTracing {
  inbound: OtelWorkflow.OpenTelemetryInboundInterceptor;
  outbound: OtelWorkflow.OpenTelemetryOutboundInterceptor;
  internals: OtelWorkflow.OpenTelemetryInternalsInterceptor;
}

/** One run's tracing: Temporal's interceptors once its start turned out to carry a trace context. */
class RunTracing {
  temporal?: TemporalTracing;

  enable(): TemporalTracing {
    // A lazy require: webpack bundles the module but evaluates it only for a traced run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const otel = require('@temporalio/interceptors-opentelemetry/lib/workflow') as typeof OtelWorkflow;
    this.temporal = { inbound: new otel.OpenTelemetryInboundInterceptor(), outbound: new otel.OpenTelemetryOutboundInterceptor(), internals: new otel.OpenTelemetryInternalsInterceptor() };
    return this.temporal;
  }
}

class TracingInbound implements WorkflowInboundCallsInterceptor {
  constructor(private readonly run: RunTracing) {}

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (!carriesTraceContext(input.headers)) return next(input);
    return this.run.enable().inbound.execute(input, next);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return this.run.temporal ? this.run.temporal.inbound.handleSignal(input, next) : next(input);
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return this.run.temporal ? this.run.temporal.inbound.handleUpdate(input, next) : next(input);
  }
  // Queries are not traced: the API reads run state often, and a query is no step of the run.
}

class TracingOutbound implements WorkflowOutboundCallsInterceptor {
  constructor(private readonly run: RunTracing) {}

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    return this.run.temporal ? this.run.temporal.outbound.scheduleActivity(input, next) : next(input);
  }

  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    return this.run.temporal ? this.run.temporal.outbound.scheduleLocalActivity(input, next) : next(input);
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    return this.run.temporal ? this.run.temporal.outbound.startChildWorkflowExecution(input, next) : next(input);
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>): Promise<never> {
    return this.run.temporal ? this.run.temporal.outbound.continueAsNew(input, next) : next(input);
  }

  signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>): Promise<void> {
    return this.run.temporal ? this.run.temporal.outbound.signalWorkflow(input, next) : next(input);
  }

  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    return this.run.temporal ? this.run.temporal.outbound.getLogAttributes(input, next) : next(input);
  }
}

class TracingInternals implements WorkflowInternalsInterceptor {
  constructor(private readonly run: RunTracing) {}

  dispose(input: DisposeInput, next: Next<WorkflowInternalsInterceptor, 'dispose'>): void | Promise<void> {
    return this.run.temporal ? this.run.temporal.internals.dispose(input, next) : next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const run = new RunTracing();
  return { inbound: [new TracingInbound(run)], outbound: [new TracingOutbound(run)], internals: [new TracingInternals(run)] };
};
