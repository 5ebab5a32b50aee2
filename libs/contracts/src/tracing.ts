import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TracingSettings } from './env';
import { serviceQueueWorkflowId } from './temporal';

/*
 * OpenTelemetry for the API and the worker: one tracer provider per process, sending OTLP/HTTP
 * JSON to the configured endpoint, propagating W3C `traceparent` only (no baggage: whatever a
 * caller puts there must not travel on to providers). Started only when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set; otherwise nothing here is loaded. Node-only, so it is the subpath
 * `@signalbox/contracts/tracing`, never the browser- and workflow-safe barrel.
 */

/**
 * The span attributes that leave the process, by name. Everything else is dropped before export:
 * Temporal's worker copies the whole WorkflowInfo onto workflow spans (memo, search attributes with
 * MSISDNs, last results), and none of that belongs in a tracing backend. No attribute carries a
 * request body, a header or a provider secret.
 */
const EXPORTED_ATTRIBUTES: ReadonlySet<string> = new Set([
  // Set by Temporal's interceptors (client, activity).
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  // The WorkflowInfo fields worth keeping on workflow spans.
  'workflowId',
  'runId',
  'workflowType',
  'taskQueue',
  'namespace',
  'attempt',
  // The API's server spans (route templates, never the raw path: paths can carry subject keys).
  'http.request.method',
  'http.route',
  'http.response.status_code',
]);

/** Attributes holding a workflow id: a service queue's id is its service key (often an MSISDN). */
const WORKFLOW_ID_ATTRIBUTES: ReadonlySet<string> = new Set(['temporalWorkflowId', 'workflowId']);
const SERVICE_QUEUE_PREFIX = serviceQueueWorkflowId('');

export interface AttributePolicy {
  /** SIGNALBOX_INDEX_PERSONAL_KEYS: when false, service keys are hidden as they are from search attributes. */
  indexPersonalKeys: boolean;
}

/** The attributes of a span as they may be exported. */
export function exportableAttributes(attributes: Attributes, policy: AttributePolicy): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!EXPORTED_ATTRIBUTES.has(key) || !isPrimitive(value)) continue;
    kept[key] = !policy.indexPersonalKeys && WORKFLOW_ID_ATTRIBUTES.has(key) && typeof value === 'string' && value.startsWith(SERVICE_QUEUE_PREFIX) ? `${SERVICE_QUEUE_PREFIX}[hidden]` : value;
  }
  return kept;
}

function isPrimitive(value: AttributeValue | undefined): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * Applies the attribute policy to every ended span, then hands it on. Spans are not changed in
 * place: the exported view shadows `attributes` and reads everything else from the span.
 */
export class PolicySpanProcessor implements SpanProcessor {
  constructor(
    private readonly next: SpanProcessor,
    private readonly policy: AttributePolicy,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const attributes = exportableAttributes(span.attributes, this.policy);
    this.next.onEnd(Object.create(span, { attributes: { value: attributes, enumerable: true } }) as ReadableSpan);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

export interface ProcessTracing {
  /** The process's service name, as a resource (workflow spans reach the exporter through a sink and need it too). */
  resource: Resource;
  /** Batches spans to the exporter after the attribute policy; also where workflow spans go. */
  processor: SpanProcessor;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (global, with AsyncLocalStorage context): spans started
 * through `@opentelemetry/api` anywhere in the process are exported from then on. The batch
 * processor and the exporter also read the standard OTEL_BSP_* and OTEL_EXPORTER_OTLP_HEADERS /
 * _TIMEOUT variables.
 */
export function startTracing(settings: TracingSettings, policy: AttributePolicy): ProcessTracing {
  const resource = new Resource({ 'service.name': settings.serviceName });
  const processor = new PolicySpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.tracesUrl })), policy);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return { resource, processor, shutdown: () => provider.shutdown() };
}
