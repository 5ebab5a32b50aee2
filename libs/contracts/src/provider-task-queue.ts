import { DEFAULT_TASK_QUEUE } from './temporal';

/**
 * The task queue carrying the sends to a rate-limited provider. Temporal enforces the provider's
 * limit on it server-side (`maxTaskQueueActivitiesPerSecond`), so it holds across every worker
 * polling the queue. Derived from the deployment's main queue so that two deployments sharing a
 * namespace (or parallel test suites) never share a provider's queue; with the default main queue
 * it is `signalbox-provider-<code>`.
 */
export function providerTaskQueue(providerCode: string, mainTaskQueue: string = DEFAULT_TASK_QUEUE): string {
  return `${mainTaskQueue}-provider-${providerCode}`;
}

/** Patch id guarding the routing of rate-limited providers' activities to their own queue. */
export const PROVIDER_TASK_QUEUES_PATCH = 'provider-task-queues';
