import { since } from './patch-generation';
import { proxyActivities, proxyLocalActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { RetryPolicy as TemporalRetryPolicy } from '@temporalio/common';
import { parseDuration, RetryPolicy, type Provider } from '@signalbox/domain';
import { PROVIDER_TASK_QUEUES_PATCH, providerTaskQueue } from '@signalbox/contracts';
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

/**
 * Where a provider's activity runs: a rate-limited provider's sends go to its own task queue,
 * where Temporal applies the limit across all workers. Runs started before this routing existed
 * keep the main queue on replay (the patch marker is only written when a limit applies, so
 * histories of unlimited providers are unchanged).
 */
export function providerRouting(provider: Pick<Provider, 'code' | 'rateLimit'> | undefined): Pick<ActivityOptions, 'taskQueue'> {
  if (!provider?.rateLimit) return {};
  if (!since(PROVIDER_TASK_QUEUES_PATCH)) return {};
  return { taskQueue: providerTaskQueue(provider.code, workflowInfo().taskQueue) };
}

/** Bookkeeping activities: database writes and starts, quick and safely retried. */
export const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 20 },
});

/**
 * Short bookkeeping as local activities: run by the worker inside the workflow task that asks for
 * them, recorded as one marker, with no activity task of their own (no schedule/start/complete
 * events, no extra workflow task). Only for calls that take milliseconds and are safe to repeat:
 * a local activity may run again if the workflow task that ran it is retried.
 */
export const localBookkeeping = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 20 },
});

/**
 * Expressions a run can no longer afford to evaluate in the sandbox (run-context.ts): a local
 * activity, because the answer takes milliseconds and is recorded as one marker that a replay
 * reads instead of evaluating again. An expression's own failure comes back as an answer, so the
 * retries here are only for the worker failing to run it.
 */
export const localEvaluation = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5 },
});
