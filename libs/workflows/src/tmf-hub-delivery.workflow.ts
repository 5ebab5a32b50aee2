import { ApplicationFailure, condition, continueAsNew, isCancellation, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { TMF_HUB_RETRY, tmfHubEventSignal, tmfHubStopSignal, type TmfHubDeliveryInput, type TmfHubEvent } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';

const deliver = proxyActivities<Activities>({
  startToCloseTimeout: TMF_HUB_RETRY.requestTimeoutMs + 20_000,
  // Retried with backoff until the listener takes it or a day has passed; then it is a dead letter.
  scheduleToCloseTimeout: TMF_HUB_RETRY.giveUpAfterMs,
  retry: {
    initialInterval: TMF_HUB_RETRY.initialIntervalMs,
    backoffCoefficient: TMF_HUB_RETRY.backoffCoefficient,
    maximumInterval: TMF_HUB_RETRY.maximumIntervalMs,
    nonRetryableErrorTypes: ['Misconfigured'],
  },
});
const log = proxyActivities<Activities>({ startToCloseTimeout: '1m', retry: { initialInterval: '1s', maximumInterval: '1m' } });

/** Event ids remembered for deduplication (across continue-as-new too). */
const SEEN_KEPT = 2000;
const EVENTS_PER_EXECUTION = 500;

/**
 * One hub listener's outbox: delivers its events one at a time in the order they arrived (so each
 * order's notifications arrive in order), drops a repeated event id, and stops when the
 * subscription is deleted. Durable: a listener down for an hour gets everything when it is back.
 */
export async function tmfHubDeliveryWorkflow(input: TmfHubDeliveryInput): Promise<void> {
  const queue: TmfHubEvent[] = [...(input.pending ?? [])];
  const seen = new Set(input.seen ?? []);
  let stopped = false;
  setHandler(tmfHubEventSignal, (event) => {
    if (seen.has(event.eventId) && !event.redrive) return;
    seen.add(event.eventId);
    queue.push(event);
  });
  setHandler(tmfHubStopSignal, () => {
    stopped = true;
  });

  for (let delivered = 0; ; delivered++) {
    await condition(() => stopped || queue.length > 0);
    if (stopped) return;
    if (delivered >= EVENTS_PER_EXECUTION || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof tmfHubDeliveryWorkflow>({ subscriptionId: input.subscriptionId, pending: queue, seen: [...seen].slice(-SEEN_KEPT) });
    }
    const event = queue[0];
    try {
      await deliver.deliverTmfHubEvent({ subscriptionId: input.subscriptionId, event });
    } catch (err) {
      if (isCancellation(err)) throw err;
      await log.recordTmfHubDeadLetter({ subscriptionId: input.subscriptionId, event, error: messageOf(err) });
    }
    queue.shift();
  }
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
