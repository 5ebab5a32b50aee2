import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { InjectedSinks } from '@temporalio/worker';
import { METRICS, type RunMetricsSinks } from '@signalbox/contracts';
import type { ProviderCallObserver } from '@signalbox/activities';

/**
 * The worker's own Prometheus metrics (names from contracts' METRICS): runs and steps reported by
 * the workflow interceptor's sink, provider request times from the activities' adapters, probe
 * evaluations. The Temporal SDK's runtime metrics are served beside them (metrics-server.ts).
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly runsStarted = new Counter({ ...counter('runsStarted'), registers: [this.registry] });
  private readonly runsEnded = new Counter({ ...counter('runsEnded'), registers: [this.registry] });
  private readonly steps = new Counter({ ...counter('steps'), registers: [this.registry] });
  private readonly incidents = new Counter({ ...counter('incidents'), registers: [this.registry] });
  private readonly probeEvaluations = new Counter({ ...counter('probeEvaluations'), registers: [this.registry] });
  private readonly providerRequests = new Histogram({
    name: METRICS.providerRequestDuration.name,
    help: METRICS.providerRequestDuration.help,
    labelNames: METRICS.providerRequestDuration.labelNames,
    buckets: [...(METRICS.providerRequestDuration.buckets ?? [])],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'signalbox_worker_' });
  }

  /** The sink the workflow interceptor calls; `callDuringReplay: false` keeps replays from counting twice. */
  sinks(): InjectedSinks<RunMetricsSinks> {
    return {
      runMetrics: {
        runStarted: { fn: (_info, l) => this.runsStarted.inc({ event_code: l.eventCode, version: String(l.version), test: String(l.test) }), callDuringReplay: false },
        runEnded: { fn: (_info, l) => this.runsEnded.inc({ event_code: l.eventCode, version: String(l.version), test: String(l.test), result: l.result }), callDuringReplay: false },
        stepEnded: { fn: (_info, s) => this.steps.inc({ action_type: s.actionType, outcome: s.outcome }), callDuringReplay: false },
        incident: { fn: (_info, l) => this.incidents.inc({ event_code: l.eventCode, version: String(l.version), test: String(l.test), decision: l.decision }), callDuringReplay: false },
      },
    };
  }

  readonly observeProviderCall: ProviderCallObserver = (call) => {
    this.providerRequests.observe({ provider: call.provider, protocol: call.protocol, result: call.result }, call.seconds);
  };

  probeEvaluated(probe: string, state: 'ok' | 'tripped' | 'error'): void {
    this.probeEvaluations.inc({ probe, state });
  }
}

function counter(key: 'runsStarted' | 'runsEnded' | 'steps' | 'incidents' | 'probeEvaluations') {
  const def = METRICS[key];
  return { name: def.name, help: def.help, labelNames: def.labelNames };
}
