import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { enqueueSignal, planRunStart, RUN_LIMITS, serviceQueueWorkflowId, SnapshotReferenceError, startInterpreterRun, WORKFLOW_TYPES, type RunInput, type ServiceQueueInput } from '@signalbox/contracts';
import type { EnqueueRequest, LinkedRunRequest, LinkedRunResult } from '../activity.types';
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

  /**
   * Signal-with-start of the service's queue workflow (or a sync provider's): how runs started
   * before the lean order path ask for a slot (their histories expect this activity).
   */
  async function enqueueServiceOrder(req: EnqueueRequest): Promise<void> {
    await client().workflow.signalWithStart(WORKFLOW_TYPES.serviceQueue, {
      workflowId: req.queueWorkflowId ?? serviceQueueWorkflowId(req.serviceKey),
      taskQueue: deps.config.taskQueue,
      args: [{ serviceKey: req.serviceKey } satisfies ServiceQueueInput],
      signal: enqueueSignal,
      signalArgs: [req.request],
    });
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

  return { enqueueServiceOrder, startLinkedRun };
}
