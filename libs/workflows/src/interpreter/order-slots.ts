import { since } from './patch-generation';
import { CancellationScope, condition, getExternalWorkflowHandle, isCancellation } from '@temporalio/workflow';
import { providerQueueWorkflowId, serviceQueueWorkflowId, type ServiceQueueRequest } from '@signalbox/contracts';
import type { SlotClaim } from '@signalbox/activities';
import { releaseSignal } from '../messages';
import { bookkeeping, localBookkeeping } from './activities';
import type { RunContext } from './run-context';
import type { StepResult } from './step-result';

/** Patch id: a `sync` provider takes one order at a time (its own queue, after the service's). */
export const PROVIDER_SYNC_MODE_PATCH = 'provider-sync-mode';

export interface OrderSlotRequest {
  serviceKey: string;
  /** The service order's id: the service queue's request id. */
  serviceOrderId: string;
  /** In-flight changes allowed (service type or provider). */
  concurrent: boolean;
  priority: 'normal' | 'express';
  /** The provider, when the run's snapshot has it (a `sync` one also takes the provider's slot). */
  provider?: { code: string; mode: 'sync' | 'async'; maintenanceWindows?: readonly unknown[] };
}

/** Sends the order; with a claim, the order's activity takes the slot itself (`slot-in-order`). */
export type SendOrder = (claim?: SlotClaim) => Promise<StepResult>;

/**
 * Runs `send` holding the order's slots: first the service's (one order in flight per service),
 * then, for a `sync` provider, the provider's (one order at a time per provider). Slots are always
 * taken in that order, so two runs can never wait on each other. Both are handed back with the
 * outcome once `send` has settled, even when the run is being cancelled.
 */
export async function withOrderSlots(run: RunContext, slot: OrderSlotRequest, send: SendOrder): Promise<StepResult> {
  const lean = run.lean;
  const service = { queueWorkflowId: serviceQueueWorkflowId(slot.serviceKey), requestId: slot.serviceOrderId };
  // Nothing between the service's slot and the send: the order's activity takes the slot.
  if (run.slotInOrder && slot.provider?.mode !== 'sync' && !slot.provider?.maintenanceWindows?.length) return slotInOrder(run, slot, service, send);
  await acquire(run, lean, { serviceKey: slot.serviceKey }, { requestId: service.requestId, runWorkflowId: run.workflowId, concurrent: slot.concurrent, priority: slot.priority });
  let result: StepResult = { outcome: 'failure', status: 'failed' };
  try {
    if (slot.provider?.mode === 'sync' && since(PROVIDER_SYNC_MODE_PATCH)) {
      const provider = { queueWorkflowId: providerQueueWorkflowId(slot.provider.code), requestId: `${slot.serviceOrderId}@provider` };
      await acquire(
        run,
        lean,
        { serviceKey: provider.queueWorkflowId, queueWorkflowId: provider.queueWorkflowId },
        { requestId: provider.requestId, runWorkflowId: run.workflowId, concurrent: false, priority: slot.priority },
      );
      try {
        result = await send();
      } finally {
        await release(lean, provider.queueWorkflowId, provider.requestId, result.outcome);
      }
    } else {
      result = await send();
    }
    return result;
  } finally {
    await release(lean, service.queueWorkflowId, service.requestId, result.outcome);
  }
}

/**
 * The order's activity claims the service's slot before it creates the order and hands it back in
 * the call that settles it: a free service costs the run no local activity at all. A busy service
 * answers `busy` (nothing created or sent): the run waits for the grant as before and sends again.
 * `unclaimed` (a service that still has a queue workflow from before slots were rows) takes the
 * slot the older way first. The run hands the slot back itself whenever the activity did not: the
 * provider answers later (queued), the send failed or timed out, or the run is cancelled.
 */
async function slotInOrder(run: RunContext, slot: OrderSlotRequest, service: { queueWorkflowId: string; requestId: string }, send: SendOrder): Promise<StepResult> {
  const claim: SlotClaim = { queueKey: service.queueWorkflowId, concurrent: slot.concurrent, priority: slot.priority };
  let result: StepResult = { outcome: 'failure', status: 'failed' };
  try {
    result = await send(claim);
    while (result.slot === 'busy') {
      await awaitGrant(run, service.queueWorkflowId, service.requestId, false);
      result = await send(claim);
    }
    if (result.slot === 'unclaimed') {
      const request = { requestId: service.requestId, runWorkflowId: run.workflowId, concurrent: slot.concurrent, priority: slot.priority };
      await acquire(run, true, { serviceKey: slot.serviceKey }, request);
      result = await send();
    }
    return result;
  } finally {
    if (result.slot !== 'released') await release(true, service.queueWorkflowId, service.requestId, result.outcome);
  }
}

/** A run waiting for a busy slot looks again after this long, then twice as long each time, up to LAST_CHECK_MS. */
const FIRST_CHECK_MS = 30_000;
const LAST_CHECK_MS = 15 * 60_000;

/** Joins a queue (the service's unless `queueWorkflowId` names another) and waits for the grant. */
async function acquire(run: RunContext, lean: boolean, queue: { serviceKey: string; queueWorkflowId?: string }, request: ServiceQueueRequest): Promise<void> {
  const granted = () => condition(() => run.grants.has(request.requestId));
  if (run.slotRows) {
    // A row claimed in milliseconds by the run's own worker: safe as a local activity (nothing
    // else's workflow task is awaited), so a free slot costs one marker.
    const { granted: now } = await localBookkeeping.acquireServiceSlot({ ...queue, request });
    if (now) run.grants.add(request.requestId);
    else await awaitGrant(run, queue.queueWorkflowId ?? serviceQueueWorkflowId(queue.serviceKey), request.requestId);
    return;
  }
  if (lean) {
    // A free slot comes with the answer; a busy service answers later by signal. The call waits
    // for the queue workflow's own task, so it must not hold this run's task (SLOT_BY_ACTIVITY_PATCH).
    const { granted: now } = await (run.slotByActivity ? bookkeeping : localBookkeeping).acquireServiceSlot({ ...queue, request });
    if (now) run.grants.add(request.requestId);
    else await granted();
    return;
  }
  await bookkeeping.enqueueServiceOrder({ ...queue, request });
  await run.tracker.waitFor(granted);
}

/**
 * Waits for the grant signal, looking again now and then: a releaser that crashed between its
 * commit and the signal, or a holder terminated while holding, must not leave the run waiting for
 * good (the check releases holders whose runs are gone). A run cancelled while waiting leaves the
 * line (here, or in its caller's `finally` when `leaveOnCancel` is false), so the slot never goes to it.
 */
async function awaitGrant(run: RunContext, queueWorkflowId: string, requestId: string, leaveOnCancel = true): Promise<void> {
  try {
    for (let every = FIRST_CHECK_MS; ; every = Math.min(every * 2, LAST_CHECK_MS)) {
      if (await condition(() => run.grants.has(requestId), every)) return;
      const { granted } = await localBookkeeping.checkServiceSlot({ queueWorkflowId, requestId });
      if (granted) {
        run.grants.add(requestId);
        return;
      }
    }
  } catch (err) {
    if (isCancellation(err) && leaveOnCancel) await CancellationScope.nonCancellable(() => localBookkeeping.releaseServiceOrder({ queueWorkflowId, requestId, outcome: 'cancelled' }));
    throw err;
  }
}

function release(lean: boolean, queueWorkflowId: string, requestId: string, outcome: string): Promise<void> {
  if (lean) return CancellationScope.nonCancellable(() => localBookkeeping.releaseServiceOrder({ queueWorkflowId, requestId, outcome }));
  return CancellationScope.nonCancellable(() => getExternalWorkflowHandle(queueWorkflowId).signal(releaseSignal, { requestId, outcome }));
}
