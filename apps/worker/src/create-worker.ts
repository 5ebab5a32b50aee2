import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { assertEveryActionTypeImplemented, type Activities } from '@signalbox/activities';

export interface SignalboxWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Prebuilt bundle code (production) or, in tests, a path/bundle produced by bundleWorkflows(). */
  workflowBundle: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
}

/** The worker hosting the interpreter, the per-service queues and every action type's activity. */
export async function createSignalboxWorker(options: SignalboxWorkerOptions): Promise<Worker> {
  assertEveryActionTypeImplemented(options.activities);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle,
    activities: options.activities,
    ...(options.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions } : {}),
  });
}

export interface ProviderWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  /** The provider's own task queue (`providerTaskQueue(code, mainQueue)`). */
  taskQueue: string;
  activities: Activities;
  /** The provider's `rateLimit.perSecond`, enforced by the Temporal server for the whole queue. */
  perSecond: number;
}

/**
 * An activities-only worker on a rate-limited provider's queue. The limit is a task-queue limit
 * (`maxTaskQueueActivitiesPerSecond`), applied by the server to every worker polling the queue,
 * not a per-process one.
 */
export async function createProviderWorker(options: ProviderWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    maxTaskQueueActivitiesPerSecond: options.perSecond,
  });
}
