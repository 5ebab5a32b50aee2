import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { assertEveryActionTypeImplemented, type Activities } from '@signalbox/activities';
import { actionLogging } from './observability/activity-logging';
import type { StructuredLogger } from './observability/json-logger';
import { NO_TRACING, type WorkerTracing } from './observability/tracing';
import { WorkerMetrics } from './observability/worker-metrics';
import { workflowBundleWith } from './workflow-stack-traces';

/**
 * A worker build under Temporal Worker Versioning: runs are pinned to the build that started them
 * (they finish on its code) and new runs start on the deployment's current build.
 */
export interface WorkerDeployment {
  name: string;
  buildId: string;
}

function deploymentOptions(deployment: WorkerDeployment | undefined): Pick<WorkerOptions, 'workerDeploymentOptions'> {
  if (!deployment) return {};
  return {
    workerDeploymentOptions: { version: { deploymentName: deployment.name, buildId: deployment.buildId }, useWorkerVersioning: true, defaultVersioningBehavior: 'PINNED' },
  };
}

export interface SignalboxWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** Prebuilt bundle code (production) or, in tests, a path/bundle produced by bundleWorkflows(). */
  workflowBundle: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
  /**
   * Runs kept in memory between tasks (the sticky cache). Every cached run holds its own copy of
   * the workflow bundle's module state; a run evicted from the cache is replayed from its history
   * at its next task (a timer firing, a signal), which costs CPU then instead of memory meanwhile.
   */
  maxCachedWorkflows?: number;
  /** Runs record stack traces for the Temporal UI (workflow-stack-traces.ts); off when absent. */
  workflowStackTraces?: boolean;
  /** Unset: unversioned (every worker on the queue takes every task; patched() guards changes). */
  deployment?: WorkerDeployment;
  /** Receives the workflow interceptor's run and step counts (a registry of its own when absent). */
  metrics?: WorkerMetrics;
  /** Structured lines per action step attempt. */
  log?: StructuredLogger;
  /** OpenTelemetry sinks and interceptors (observability/tracing.ts); off when absent. */
  tracing?: WorkerTracing;
}

/** Tracing first, so a step's log line is written inside its activity's span. */
function activityInterceptors(tracing: WorkerTracing | undefined, log: StructuredLogger | undefined): Pick<WorkerOptions, 'interceptors'> {
  const activity = [...(tracing ?? NO_TRACING).activity, ...(log ? [actionLogging(log)] : [])];
  return activity.length ? { interceptors: { activity } } : {};
}

/** The worker hosting the interpreter, the per-service queues and every action type's activity. */
export async function createSignalboxWorker(options: SignalboxWorkerOptions): Promise<Worker> {
  assertEveryActionTypeImplemented(options.activities);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundleWith(options.workflowBundle, options.workflowStackTraces ?? false),
    activities: options.activities,
    // The bundle's metrics and tracing interceptors call these sinks; they must be registered even when nobody scrapes or traces.
    sinks: { ...(options.metrics ?? new WorkerMetrics()).sinks(), ...(options.tracing ?? NO_TRACING).sinks },
    ...activityInterceptors(options.tracing, options.log),
    ...(options.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions } : {}),
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...deploymentOptions(options.deployment),
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
  /** The same build as the process's main worker, so a pinned run's sends stay on its build. */
  deployment?: WorkerDeployment;
  log?: StructuredLogger;
  tracing?: WorkerTracing;
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
    ...deploymentOptions(options.deployment),
    ...activityInterceptors(options.tracing, options.log),
  });
}
