import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { acquireUpdate, grantedSignal, releaseSignal, serviceQueueWorkflowId, WORKFLOW_TYPES, type ServiceQueueAcquired, type ServiceQueueInput } from '@signalbox/contracts';
import type { EnqueueRequest, ReleaseRequest, SlotCheckRequest } from '../activity.types';
import type { OrderSlotPort } from '../provisioning/order-flow';
import type { ActivitiesConfig } from '../config';
import type { SlotPort } from '../ports';

export interface SlotDeps {
  temporal?: Client;
  /** Slots as database rows; without them every slot goes through the queue workflow. */
  slots?: SlotPort;
  config: ActivitiesConfig;
}

/** Open queue workflows of the type runs used before slots were rows. */
const OPEN_QUEUES = `WorkflowType = '${WORKFLOW_TYPES.serviceQueue}' AND ExecutionStatus = 'Running'`;
const LEGACY_RECHECK_MS = 60_000;
/** A grant chain (each granted run gone, so the slot passes on) longer than this is left to the waiters' checks. */
const MAX_HANDOVERS = 50;

/**
 * The activities behind an order's slot (libs/workflows order-slots.ts). Slots are rows
 * (`ServiceSlots`): taking a free one is one transaction; a busy one answers "wait", and whoever
 * releases the slot signals the next run `grantedSignal`, the signal the queue workflow sent.
 *
 * Runs started before slots were rows may still hold or wait for a slot in a queue workflow
 * (`service:<key>`) when this code is deployed. While any such queue is open, an order for a
 * service whose queue workflow is running joins that queue instead, and a release the rows do
 * not know goes to the queue: the two never grant the same service at once.
 */
export function slotActivities(deps: SlotDeps) {
  const client = (): Client => {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('this worker was built without a Temporal client', 'Misconfigured');
    return deps.temporal;
  };
  let legacy: { open: boolean; at: number } | undefined;

  /** Whether any queue workflow may still be running (asked at most once a minute). */
  async function queuesMayBeOpen(): Promise<boolean> {
    const now = Date.now();
    if (legacy && now - legacy.at < (deps.config.legacyQueueRecheckMs ?? LEGACY_RECHECK_MS)) return legacy.open;
    let open = true;
    try {
      open = (await client().workflow.count(OPEN_QUEUES)).count > 0;
    } catch {
      // A visibility store that cannot count: ask per service instead (correct, one call more).
    }
    legacy = { open, at: now };
    return open;
  }

  async function queueIsOpen(queueKey: string): Promise<boolean> {
    if (!(await queuesMayBeOpen())) return false;
    try {
      return (await client().workflow.getHandle(queueKey).describe()).status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** Update-with-start of a queue workflow: how slots were taken before they were rows. */
  function acquireFromQueue(req: EnqueueRequest, workflowId: string): Promise<ServiceQueueAcquired> {
    const startWorkflowOperation = new WithStartWorkflowOperation(WORKFLOW_TYPES.serviceQueue, {
      workflowId,
      taskQueue: deps.config.taskQueue,
      args: [{ serviceKey: req.serviceKey } satisfies ServiceQueueInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return client().workflow.executeUpdateWithStart(acquireUpdate, { args: [req.request], updateId: req.request.requestId, startWorkflowOperation });
  }

  /**
   * Tells each granted run that its slot is free. A run that is gone (cancelled, terminated,
   * completed) cannot use it: its slot is released on its behalf and passed on.
   */
  async function signalGrants(queueKey: string, grants: { requestId: string; runWorkflowId: string }[]): Promise<void> {
    const pending = [...grants];
    for (let handovers = 0; pending.length > 0 && handovers < MAX_HANDOVERS; handovers++) {
      const grant = pending.shift() as { requestId: string; runWorkflowId: string };
      try {
        await client().workflow.getHandle(grant.runWorkflowId).signal(grantedSignal, { requestId: grant.requestId });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        pending.push(...(await (deps.slots as SlotPort).release(queueKey, grant.requestId)).grants);
      }
    }
  }

  /**
   * Takes the order's slot, or joins the line: `granted` false means the run waits for
   * `grantedSignal`. Idempotent by request id (the service-order id).
   */
  async function acquireServiceSlot(req: EnqueueRequest): Promise<ServiceQueueAcquired> {
    const queueKey = req.queueWorkflowId ?? serviceQueueWorkflowId(req.serviceKey);
    if (!deps.slots || (await queueIsOpen(queueKey))) return acquireFromQueue(req, queueKey);
    return deps.slots.acquire(queueKey, req.request);
  }

  /**
   * Hands the slot back (or leaves the line) and tells the next run its turn has come. Repeating
   * it is harmless: the grants it made are signalled again, and the run ignores a second one.
   */
  async function releaseServiceOrder(req: ReleaseRequest): Promise<void> {
    if (deps.slots) {
      const { found, grants } = await deps.slots.release(req.queueWorkflowId, req.requestId);
      await signalGrants(req.queueWorkflowId, grants);
      if (found) return;
    }
    // Taken from a queue workflow (or released twice): the queue is told; a queue that is gone
    // (terminated by an operator, or closed after its last order) has nothing to hand back.
    try {
      await client().workflow.getHandle(req.queueWorkflowId).signal(releaseSignal, { requestId: req.requestId, outcome: req.outcome });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return;
      throw err;
    }
  }

  /**
   * A run that has waited long for its slot looks again: holders whose runs are no longer
   * running (terminated while holding: they can never hand the slot back) are released on their
   * behalf, whatever is grantable is granted and signalled, and the answer says whether the
   * asking order now holds the slot (its grant signal may have been lost with a crashed releaser).
   */
  async function checkServiceSlot(req: SlotCheckRequest): Promise<ServiceQueueAcquired> {
    const slots = deps.slots;
    if (!slots) return { granted: false };
    const line = await slots.line(req.queueWorkflowId);
    for (const holder of line.holders) {
      if (await runIsOpen(holder.runWorkflowId)) continue;
      await signalGrants(req.queueWorkflowId, (await slots.release(req.queueWorkflowId, holder.requestId)).grants);
    }
    const { holding, grants } = await slots.check(req.queueWorkflowId, req.requestId);
    await signalGrants(req.queueWorkflowId, grants.filter((g) => g.requestId !== req.requestId));
    return { granted: holding };
  }

  async function runIsOpen(workflowId: string): Promise<boolean> {
    try {
      return (await client().workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /**
   * Slots as an order's own activity takes them (`slot-in-order`): claimed as a row before the
   * order is created, handed back in the call that settles it. A service that still has a queue
   * workflow open is `unclaimed`: the run takes that slot through `acquireServiceSlot`.
   */
  const orderSlots: OrderSlotPort = {
    async claim(claim, requestId, runWorkflowId) {
      if (!deps.slots || (await queueIsOpen(claim.queueKey))) return 'unclaimed';
      const { granted } = await deps.slots.acquire(claim.queueKey, { requestId, runWorkflowId, concurrent: claim.concurrent, priority: claim.priority ?? 'normal' });
      return granted ? 'granted' : 'busy';
    },
    async release(queueKey, requestId) {
      if (!deps.slots) return;
      await signalGrants(queueKey, (await deps.slots.release(queueKey, requestId)).grants);
    },
  };

  return { activities: { acquireServiceSlot, releaseServiceOrder, checkServiceSlot }, orderSlots };
}
