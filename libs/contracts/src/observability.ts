/*
 * Every Prometheus metric Signalbox exports, named once. Each process builds the ones it emits
 * from these definitions with prom-client (apps/api/src/metrics, apps/worker/src/observability);
 * dashboards and alert rules read the same names. Label values are bounded: event codes,
 * providers and action types come from the catalog, states and outcomes from fixed lists — never
 * a run id, subject key or free text.
 */

export interface MetricDefinition<L extends string = string> {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  labelNames: readonly L[];
  /** Histograms only: bucket upper bounds. */
  buckets?: readonly number[];
}

const metric = <L extends string>(definition: MetricDefinition<L>) => definition;

export const METRICS = {
  // Worker: counted by a workflow interceptor through a sink, so replays never count twice.
  runsStarted: metric({
    name: 'signalbox_runs_started_total',
    help: 'Interpreter runs that began executing, by event code and published version',
    type: 'counter',
    labelNames: ['event_code', 'version', 'test'],
  }),
  runsEnded: metric({
    name: 'signalbox_runs_ended_total',
    help: 'Interpreter runs that ended, by event code, version and result (completed, failed, cancelled)',
    type: 'counter',
    labelNames: ['event_code', 'version', 'test', 'result'],
  }),
  incidents: metric({
    name: 'signalbox_run_incidents_total',
    help: 'Steps parked as incidents (decision "opened") and the operator decisions that resolved them (retry, skip, fail), by event code and version',
    type: 'counter',
    labelNames: ['event_code', 'version', 'test', 'decision'],
  }),
  steps: metric({
    name: 'signalbox_steps_total',
    help: "Action steps by action type and the outcome its activity gave (after Temporal's retries): an outcome of the action type, accepted (queued), failure, timeout or cancelled",
    type: 'counter',
    labelNames: ['action_type', 'outcome'],
  }),
  providerRequestDuration: metric({
    name: 'signalbox_provider_request_duration_seconds',
    help: 'Time of one request to a provider, by provider, protocol and result (ok, refused, unavailable)',
    type: 'histogram',
    labelNames: ['provider', 'protocol', 'result'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30],
  }),
  probeEvaluations: metric({
    name: 'signalbox_probe_evaluations_total',
    help: 'Probe evaluations by probe and the state they found (ok, tripped, error)',
    type: 'counter',
    labelNames: ['probe', 'state'],
  }),
  // API.
  eventsAccepted: metric({
    name: 'signalbox_events_accepted_total',
    help: 'Raised events accepted, one per run they resolved to, by event code; started=false for an idempotent repeat',
    type: 'counter',
    labelNames: ['event_code', 'started'],
  }),
  eventsRefused: metric({
    name: 'signalbox_events_refused_total',
    help: 'Requests to raise events that were refused, by HTTP status',
    type: 'counter',
    labelNames: ['status'],
  }),
  serviceOrders: metric({
    name: 'signalbox_service_orders',
    help: 'Service orders in the database by provider and state (read at scrape time; test orders excluded)',
    type: 'gauge',
    labelNames: ['provider', 'state'],
  }),
  probeTripped: metric({
    name: 'signalbox_probe_tripped',
    help: 'Whether a probe is tripped (1) or not (0), as last evaluated',
    type: 'gauge',
    labelNames: ['probe', 'kind'],
  }),
} as const;

export type MetricKey = keyof typeof METRICS;
export type LabelsOf<K extends MetricKey> = Record<(typeof METRICS)[K]['labelNames'][number], string>;

/** What the interpreter's metrics interceptor reports (workflow sinks: not called on replay). */
export interface RunMetricLabels {
  eventCode: string;
  version: number;
  test: boolean;
}
export type RunEndResult = 'completed' | 'failed' | 'cancelled';

/** The sink the workflow metrics interceptor calls; the worker injects its implementation. */
export type RunMetricsSinks = {
  runMetrics: {
    runStarted(labels: RunMetricLabels): void;
    runEnded(labels: RunMetricLabels & { result: RunEndResult }): void;
    stepEnded(step: { actionType: string; outcome: string }): void;
    /** A step parked as an incident (`opened`) or an operator's decision for one. */
    incident(labels: RunMetricLabels & { decision: 'opened' | 'retry' | 'skip' | 'fail' }): void;
  };
};

/** Keys whose values never reach a log line (matched case-insensitively, anywhere in the key). */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|cookie|signature|credential|^key$|hmac/i;
const REDACTED = '[redacted]';

/**
 * A copy of `value` safe to log: values under secret-looking keys replaced, strings in
 * `sbx_<id>_<secret>` API-key form masked, depth and size bounded.
 */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(/\bsbx_([a-f0-9]{12})_[A-Za-z0-9_-]+/g, `sbx_$1_${REDACTED}`).slice(0, 4000);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 8) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactForLog(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactForLog(value.message, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 100)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactForLog(v, depth + 1);
  return out;
}

/** The event code of a run's workflow id (`run:<eventCode>:<key>`), for log lines; undefined for other ids. */
export function eventCodeOfRunId(workflowId: string): string | undefined {
  const match = /^run:([A-Z][A-Z0-9_]*):/.exec(workflowId);
  return match?.[1];
}
