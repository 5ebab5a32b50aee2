import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { readingTrips, WORKFLOW_TYPES, type ProbeDefinition, type ProbeReading } from '@signalbox/contracts';

export interface ProbeSources {
  dataSource: DataSource;
  temporal: Client;
  /** The deployment's task queue: runs of other deployments on the same namespace are not counted. */
  taskQueue: string;
}

/** Reads the value a probe watches, now, and whether it trips it. */
export async function readProbe(definition: ProbeDefinition, sources: ProbeSources): Promise<ProbeReading> {
  const { value, samples } = await measure(definition, sources);
  return { value, ...(samples === undefined ? {} : { samples }), tripped: readingTrips(definition, value, samples) };
}

async function measure(definition: ProbeDefinition, sources: ProbeSources): Promise<{ value: number; samples?: number }> {
  switch (definition.kind) {
    case 'error-rate':
      return definition.eventCode !== undefined
        ? runErrorRate(definition.eventCode, definition.windowMinutes, sources)
        : orderErrorRate(definition.provider ?? '', definition.windowMinutes, sources.dataSource);
    case 'stale-orders': {
      const [row] = (await sources.dataSource.query(
        `SELECT count(*)::int AS n FROM service_orders
          WHERE state = 'PROCESSING' AND NOT is_test AND updated_at < now() - make_interval(mins => $1::int) AND ($2::text IS NULL OR provider_code = $2)`,
        [definition.olderThanMinutes, definition.provider ?? null],
      )) as { n: number }[];
      return { value: row?.n ?? 0 };
    }
    case 'late-batches': {
      const [row] = (await sources.dataSource.query(
        `SELECT count(*)::int AS n FROM batch_executions
          WHERE started_at > now() - make_interval(mins => $1::int) AND scheduled_at IS NOT NULL
            AND started_at - scheduled_at > make_interval(mins => $2::int) AND ($3::text IS NULL OR batch_code = $3)`,
        [definition.windowMinutes, definition.lateMinutes, definition.batch ?? null],
      )) as { n: number }[];
      return { value: row?.n ?? 0 };
    }
  }
}

/**
 * Share of an event code's runs closed in the window that ended failed, from Temporal's visibility
 * (RunStatus is the interpreter's own verdict, also for runs from before failed runs failed their
 * workflow). Test runs are left out.
 */
async function runErrorRate(eventCode: string, windowMinutes: number, sources: ProbeSources): Promise<{ value: number; samples: number }> {
  const since = new Date(Date.now() - windowMinutes * 60_000).toISOString();
  // eventCode is a validated Code (upper-case letters, digits, underscores): nothing to escape.
  const closed = `WorkflowType = '${WORKFLOW_TYPES.interpreter}' AND TaskQueue = '${sources.taskQueue.replace(/'/g, "\\'")}' AND EventCode = '${eventCode}' AND IsTest = false AND CloseTime > '${since}'`;
  const [all, failed] = await Promise.all([sources.temporal.workflow.count(closed), sources.temporal.workflow.count(`${closed} AND RunStatus = 'Failed'`)]);
  return { value: all.count === 0 ? 0 : failed.count / all.count, samples: all.count };
}

/** Share of a provider's orders settled in the window that ended FAILED (test orders left out). */
async function orderErrorRate(provider: string, windowMinutes: number, dataSource: DataSource): Promise<{ value: number; samples: number }> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE state = 'FAILED'))::int AS failed FROM service_orders
      WHERE provider_code = $1 AND NOT is_test AND closed_at > now() - make_interval(mins => $2::int)`,
    [provider, windowMinutes],
  )) as { total: number; failed: number }[];
  const total = row?.total ?? 0;
  return { value: total === 0 ? 0 : (row?.failed ?? 0) / total, samples: total };
}
