import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { RetryPolicy as TemporalRetryPolicy } from '@temporalio/common';
import { parseDuration, RetryPolicy } from '@signalbox/domain';
import type { Activities } from '@signalbox/activities';

/** Temporal retry policy from an action code's (analyst-facing) one. */
export function toTemporalRetry(policy: RetryPolicy | undefined): TemporalRetryPolicy {
  const p = RetryPolicy.parse(policy ?? {});
  return {
    maximumAttempts: p.maximumAttempts,
    initialInterval: parseDuration(p.initialInterval),
    backoffCoefficient: p.backoffCoefficient,
    maximumInterval: parseDuration(p.maximumInterval),
  };
}

/** Activities with per-call options (each action code has its own retry policy and timeout). */
export function activitiesWith(options: ActivityOptions): Activities {
  return proxyActivities<Activities>(options);
}

/** Bookkeeping activities: database writes and starts, quick and safely retried. */
export const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 20 },
});
