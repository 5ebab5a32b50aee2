import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS } from '@signalbox/contracts';

/**
 * The API's Prometheus metrics (names from contracts' METRICS): events accepted and refused, and,
 * read from the database at scrape time, service orders by provider and state and each probe's
 * state. Runs and steps are the worker's (its /metrics), where they are counted exactly once.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly eventsAccepted = new Counter({ ...definition('eventsAccepted'), registers: [this.registry] });
  private readonly eventsRefused = new Counter({ ...definition('eventsRefused'), registers: [this.registry] });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'signalbox_api_' });
    new Gauge({
      ...definition('serviceOrders'),
      registers: [this.registry],
      async collect() {
        const rows = (await dataSource.query(
          `SELECT provider_code AS provider, state, count(*)::int AS n FROM service_orders WHERE NOT is_test GROUP BY provider_code, state`,
        )) as { provider: string; state: string; n: number }[];
        this.reset();
        for (const row of rows) this.set({ provider: row.provider, state: row.state }, row.n);
      },
    });
    new Gauge({
      ...definition('probeTripped'),
      registers: [this.registry],
      async collect() {
        const rows = (await dataSource.query(`SELECT code, definition->>'kind' AS kind, state FROM probes`)) as { code: string; kind: string; state: string }[];
        this.reset();
        for (const row of rows) this.set({ probe: row.code, kind: row.kind }, row.state === 'tripped' ? 1 : 0);
      },
    });
  }

  accepted(eventCode: string, started: boolean): void {
    this.eventsAccepted.inc({ event_code: eventCode, started: String(started) });
  }

  refused(status: number): void {
    this.eventsRefused.inc({ status: String(status) });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

function definition(key: 'eventsAccepted' | 'eventsRefused' | 'serviceOrders' | 'probeTripped') {
  const def = METRICS[key];
  return { name: def.name, help: def.help, labelNames: def.labelNames };
}
