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
