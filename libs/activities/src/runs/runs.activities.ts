import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { acquireUpdate, enqueueSignal, planRunStart, releaseSignal, RUN_LIMITS, serviceQueueWorkflowId, SnapshotReferenceError, startInterpreterRun, WORKFLOW_TYPES, type RunInput, type ServiceQueueAcquired, type ServiceQueueInput } from '@signalbox/contracts';
import type { EnqueueRequest, LinkedRunRequest, LinkedRunResult, ReleaseRequest } from '../activity.types';
import type { ActivitiesConfig } from '../config';
import type { SnapshotLoader } from '../ports';

export interface RunsDeps {
  temporal?: Client;
  snapshots?: SnapshotLoader;
  clock: () => Date;
  config: ActivitiesConfig;
}

// Kept for the package barrel; the one implementation is in contracts, shared with the API.
export { runSearchAttributes } from '@signalbox/contracts';

export function runsActivities(deps: RunsDeps) {
  function client(): Client {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('this worker was built without a Temporal client', 'Misconfigured');
    return deps.temporal;
  }

  /** Signal-with-start of the service's queue (or a sync provider's): at most one order in flight per service. */
  async function enqueueServiceOrder(req: EnqueueRequest): Promise<void> {
    await client().workflow.signalWithStart(WORKFLOW_TYPES.serviceQueue, {
      workflowId: req.queueWorkflowId ?? serviceQueueWorkflowId(req.serviceKey),
      taskQueue: deps.config.taskQueue,
      args: [{ serviceKey: req.serviceKey } satisfies ServiceQueueInput],
      signal: enqueueSignal,
      signalArgs: [req.request],
    });
  }

  /**
   * Update-with-start of the service's queue (or a sync provider's), run as an ordinary activity (a local
   * one held its run's workflow task while the queue waited for a task slot: SLOT_BY_ACTIVITY_PATCH): a
   * free slot is granted in the answer. The update id is the request id, so a retry after the
   * update went through gets the same answer instead of asking twice.
   */
  async function acquireServiceSlot(req: EnqueueRequest): Promise<ServiceQueueAcquired> {
    const workflowId = req.queueWorkflowId ?? serviceQueueWorkflowId(req.serviceKey);
    const startWorkflowOperation = new WithStartWorkflowOperation(WORKFLOW_TYPES.serviceQueue, {
      workflowId,
      taskQueue: deps.config.taskQueue,
      args: [{ serviceKey: req.serviceKey } satisfies ServiceQueueInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return client().workflow.executeUpdateWithStart(acquireUpdate, { args: [req.request], updateId: req.request.requestId, startWorkflowOperation });
  }

  /**
   * Hands a slot back to its queue (run as a local activity: one marker in the run's history
   * instead of a signal command and its acknowledgement). A queue that is gone (terminated by
   * an operator) has no slot to hand back; a repeated release is a no-op in the queue.
   */
  async function releaseServiceOrder(req: ReleaseRequest): Promise<void> {
    try {
      await client().workflow.getHandle(req.queueWorkflowId).signal(releaseSignal, { requestId: req.requestId, outcome: req.outcome });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return;
      throw err;
    }
  }

  /** Starts the linked event code's published run (optionally delayed); a retry finds the same run. */
  async function startLinkedRun(req: LinkedRunRequest): Promise<LinkedRunResult> {
    if (!deps.snapshots) throw ApplicationFailure.nonRetryable('this worker cannot load published workflows (no snapshot loader)', 'Misconfigured');
    const linkDepth = req.linkDepth ?? 1;
    if (linkDepth > RUN_LIMITS.maxLinkDepth) {
      throw ApplicationFailure.nonRetryable(
        `${req.eventCode} was not raised: this would be link ${linkDepth} in a chain of linked events from one originating event, more than the ${RUN_LIMITS.maxLinkDepth} allowed`,
        'LinkChainTooDeep',
      );
    }
    let snapshot;
    try {
      snapshot = await deps.snapshots.load(req.eventCode);
    } catch (err) {
      // A published version referencing deleted catalog entries will not heal by retrying.
      if (err instanceof SnapshotReferenceError) throw ApplicationFailure.nonRetryable(`the published workflow of ${req.eventCode} is broken: ${err.message}`, 'BrokenSnapshot');
      throw err;
    }
    if (!snapshot) throw ApplicationFailure.nonRetryable(`event code ${req.eventCode} has no published workflow`, 'NotPublished');
    const input: RunInput = {
      snapshot,
      subject: req.subject,
      data: req.data,
      eventId: req.eventId,
      raisedAt: deps.clock().toISOString(),
      test: req.test,
      parentRunId: req.parentRunId,
      linkDepth,
      ...(req.failureNotify ? { failureNotify: req.failureNotify } : {}),
      ...(req.limits ? { limits: req.limits } : {}),
    };
    // A minimum delay even for links published before validation required one: no burst of runs.
    const start = planRunStart(input, { startDelayMs: Math.max(req.delayMs, RUN_LIMITS.minLinkDelayMs), indexPersonalKeys: deps.config.indexPersonalKeys ?? true });
    // The API's way and id policy: a retry after the linked run started finds it instead of starting another.
    const outcome = await startInterpreterRun(client().workflow, deps.config.taskQueue, start);
    return { workflowId: outcome.workflowId, started: outcome.started };
  }

  return { enqueueServiceOrder, acquireServiceSlot, releaseServiceOrder, startLinkedRun };
}
