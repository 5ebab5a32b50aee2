import { ApplicationFailure, condition, isCancellation, setHandler, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { SignalDefinition } from '@temporalio/common';
import { TMF_HUB_RETRY, type QueuedDelivery } from '@signalbox/contracts';

/**
 * The outbox loop shared by TMF hub listeners (tmf-hub-delivery) and native webhook subscriptions
 * (webhook-delivery): one workflow per subscriber delivers its events one at a time in arrival
 * order, drops a repeated event id, dead-letters an event whose retries ran out, and stops when the
 * subscription is deleted. The command sequence is the one tmfHubDeliveryWorkflow always had (its
 * recorded histories replay through this code): change it only behind `patched()`.
 */

/** How a delivery activity is retried: fast first, backing off to every 10 min, for up to a day. */
export const DELIVERY_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: TMF_HUB_RETRY.requestTimeoutMs + 20_000,
  // Retried with backoff until the listener takes it or the window has passed; then it is a dead letter.
  scheduleToCloseTimeout: TMF_HUB_RETRY.giveUpAfterMs,
  retry: {
    initialInterval: TMF_HUB_RETRY.initialIntervalMs,
    backoffCoefficient: TMF_HUB_RETRY.backoffCoefficient,
    maximumInterval: TMF_HUB_RETRY.maximumIntervalMs,
    nonRetryableErrorTypes: ['Misconfigured'],
  },
};
/** Writing a dead letter: quick, retried until the database answers. */
export const DEAD_LETTER_ACTIVITY_OPTIONS: ActivityOptions = { startToCloseTimeout: '1m', retry: { initialInterval: '1s', maximumInterval: '1m' } };

/** Event ids remembered for deduplication (across continue-as-new too). */
const SEEN_KEPT = 2000;
const EVENTS_PER_EXECUTION = 500;

export interface DeliveryQueue<E extends QueuedDelivery> {
  /** Carried over continue-as-new. */
  pending?: E[];
  seen?: string[];
  eventSignal: SignalDefinition<[E]>;
  stopSignal: SignalDefinition<[]>;
  /** Delivers one event; throws once its retries ran out. */
  deliver(event: E): Promise<unknown>;
  deadLetter(event: E, error: string): Promise<void>;
  continueAsNew(pending: E[], seen: string[]): Promise<never>;
}

export async function runDeliveryQueue<E extends QueuedDelivery>(q: DeliveryQueue<E>): Promise<void> {
  const queue: E[] = [...(q.pending ?? [])];
  const seen = new Set(q.seen ?? []);
  let stopped = false;
  setHandler(q.eventSignal, (event) => {
    if (seen.has(event.eventId) && !event.redrive) return;
    seen.add(event.eventId);
    queue.push(event);
  });
  setHandler(q.stopSignal, () => {
    stopped = true;
  });

  for (let delivered = 0; ; delivered++) {
    await condition(() => stopped || queue.length > 0);
    if (stopped) return;
    if (delivered >= EVENTS_PER_EXECUTION || workflowInfo().continueAsNewSuggested) {
      return q.continueAsNew(queue, [...seen].slice(-SEEN_KEPT));
    }
    const event = queue[0];
    try {
      await q.deliver(event);
    } catch (err) {
      if (isCancellation(err)) throw err;
      await q.deadLetter(event, messageOf(err));
    }
    queue.shift();
  }
}

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
