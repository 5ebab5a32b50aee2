import { condition, continueAsNew, isCancellation, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ServiceQueueInput, ServiceQueueRelease, ServiceQueueRequest } from '@signalbox/contracts';
import { enqueueSignal, grantedSignal, releaseSignal, serviceQueueStateQuery } from './messages';

/** Keeps the queue's history short: start afresh after this many released orders. */
export const ORDERS_PER_EXECUTION = 100;

/**
 * One per service (`service:<serviceKey>`): the Temporal-native mutex that keeps at most one
 * service order in flight per service (and one per sync provider, `provider:<code>`). Runs ask for
 * a slot by signal-with-start; slots are granted in arrival order, express before normal, by
 * signalling the run, which sends the order itself (so its retries, timeouts and
 * the provider's response signal stay on the run that owns the step) and releases the slot with
 * the order's outcome. Orders whose service type or provider allows in-flight changes share the
 * service with each other, never with an exclusive order.
 */
export async function serviceOrderQueueWorkflow(input: ServiceQueueInput): Promise<void> {
  const waiting: ServiceQueueRequest[] = [...(input.waiting ?? [])];
  const holders: ServiceQueueRequest[] = [...(input.holders ?? [])];
  const released: ServiceQueueRelease[] = [];
  const seen = new Set<string>([...waiting, ...holders].map((r) => r.requestId));
  let processed = input.processed ?? 0;

  setHandler(enqueueSignal, (request) => {
    if (seen.has(request.requestId)) return;
    seen.add(request.requestId);
    // Express jumps the line: ahead of every normal waiter, behind earlier express ones. Requests
    // from runs started before priorities existed carry none, so their queues replay unchanged.
    const ahead = request.priority === 'express' ? waiting.findIndex((w) => w.priority !== 'express') : -1;
    if (ahead < 0) waiting.push(request);
    else waiting.splice(ahead, 0, request);
  });
  setHandler(releaseSignal, (release) => {
    const at = holders.findIndex((h) => h.requestId === release.requestId);
    if (at < 0) {
      // Released before it was granted (the run gave up): drop it from the line.
      const queued = waiting.findIndex((w) => w.requestId === release.requestId);
      if (queued >= 0) waiting.splice(queued, 1);
      return;
    }
    holders.splice(at, 1);
    released.push(release);
    processed += 1;
  });
  setHandler(serviceQueueStateQuery, () => ({ serviceKey: input.serviceKey, holders, waiting, processed, released }));

  const grantable = (): boolean => {
    const next = waiting[0];
    if (!next) return false;
    if (holders.length === 0) return true;
    return next.concurrent && holders.every((h) => h.concurrent);
  };

  let releasedHere = 0;
  for (;;) {
    await condition(() => grantable() || (holders.length === 0 && waiting.length === 0) || released.length > releasedHere);
    releasedHere = released.length;
    while (grantable()) {
      const next = waiting.shift() as ServiceQueueRequest;
      holders.push(next);
      try {
        await getExternalWorkflowHandle(next.runWorkflowId).signal(grantedSignal, { requestId: next.requestId });
      } catch (err) {
        // The run is gone (cancelled or terminated while waiting): its slot goes to the next one.
        if (isCancellation(err)) throw err;
        holders.splice(holders.indexOf(next), 1);
        released.push({ requestId: next.requestId, outcome: 'abandoned' });
      }
    }
    if (holders.length === 0 && waiting.length === 0) {
      // Idle: finish, unless a signal slipped in while we were deciding.
      if (await condition(() => waiting.length > 0, '1s')) continue;
      return;
    }
    if (released.length >= ORDERS_PER_EXECUTION || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof serviceOrderQueueWorkflow>({ serviceKey: input.serviceKey, waiting, holders, processed });
    }
  }
}
