import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { webhookEventSignal, webhookStopSignal, type WebhookDeliveryInput } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';
import { DEAD_LETTER_ACTIVITY_OPTIONS, DELIVERY_ACTIVITY_OPTIONS, runDeliveryQueue } from './delivery-queue';

const deliver = proxyActivities<Activities>(DELIVERY_ACTIVITY_OPTIONS);
const log = proxyActivities<Activities>(DEAD_LETTER_ACTIVITY_OPTIONS);

/**
 * One webhook subscription's deliveries (`webhook:<subscription id>`): the outbox dispatcher hands
 * it the events its filter selects, in outbox order (so each run's and each order's changes arrive
 * in order); it delivers them one at a time, signed, retried with backoff, and dead-letters what
 * the retry window could not deliver.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<void> {
  return runDeliveryQueue({
    ...(input.pending ? { pending: input.pending } : {}),
    ...(input.seen ? { seen: input.seen } : {}),
    eventSignal: webhookEventSignal,
    stopSignal: webhookStopSignal,
    deliver: (event) => deliver.deliverWebhookEvent({ subscriptionId: input.subscriptionId, event }),
    deadLetter: (event, error) => log.recordWebhookDeadLetter({ subscriptionId: input.subscriptionId, event, error }),
    continueAsNew: (pending, seen) => continueAsNew<typeof webhookDeliveryWorkflow>({ subscriptionId: input.subscriptionId, pending, seen }),
  });
}
