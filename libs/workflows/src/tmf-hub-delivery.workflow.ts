import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { tmfHubEventSignal, tmfHubStopSignal, type TmfHubDeliveryInput } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';
import { DEAD_LETTER_ACTIVITY_OPTIONS, DELIVERY_ACTIVITY_OPTIONS, runDeliveryQueue } from './delivery-queue';

const deliver = proxyActivities<Activities>(DELIVERY_ACTIVITY_OPTIONS);
const log = proxyActivities<Activities>(DEAD_LETTER_ACTIVITY_OPTIONS);

/**
 * One hub listener's outbox: delivers its events one at a time in the order they arrived (so each
 * order's notifications arrive in order), drops a repeated event id, and stops when the
 * subscription is deleted. Durable: a listener down for an hour gets everything when it is back.
 */
export async function tmfHubDeliveryWorkflow(input: TmfHubDeliveryInput): Promise<void> {
  return runDeliveryQueue({
    ...(input.pending ? { pending: input.pending } : {}),
    ...(input.seen ? { seen: input.seen } : {}),
    eventSignal: tmfHubEventSignal,
    stopSignal: tmfHubStopSignal,
    deliver: (event) => deliver.deliverTmfHubEvent({ subscriptionId: input.subscriptionId, event }),
    deadLetter: (event, error) => log.recordTmfHubDeadLetter({ subscriptionId: input.subscriptionId, event, error }),
    continueAsNew: (pending, seen) => continueAsNew<typeof tmfHubDeliveryWorkflow>({ subscriptionId: input.subscriptionId, pending, seen }),
  });
}
