import { ApplicationFailure } from '@temporalio/common';
import type { RunStateChange, WebhookEvent } from '@signalbox/contracts';
import type { WebhookStore } from '@signalbox/persistence';
import type { ActivitiesConfig } from '../config';
import { postSigned, retryOrGiveUp } from './signed-delivery';

/** What webhook activities need of the store, and how to open a subscription's sealed signing secret. */
export interface WebhookPort {
  store: Pick<WebhookStore, 'append' | 'subscription' | 'recordDelivery'>;
  openSecret(sealed: string): string;
}

export interface WebhookDeps {
  webhooks?: WebhookPort;
  clock: () => Date;
  config: ActivitiesConfig;
}

export function webhookActivities(deps: WebhookDeps) {
  const webhooks = (): WebhookPort => {
    if (!deps.webhooks) throw ApplicationFailure.nonRetryable('this worker was built without the webhook store', 'Misconfigured');
    return deps.webhooks;
  };

  /** A run's state change into the outbox (a local activity of the interpreter; a repeat writes nothing). */
  async function recordRunStateChange(change: RunStateChange): Promise<void> {
    const body = {
      eventId: change.eventId,
      eventType: 'run.stateChanged',
      eventTime: change.at,
      run: {
        id: change.workflowId,
        eventCode: change.eventCode,
        version: change.version,
        state: change.state,
        ...(change.previous ? { previousState: change.previous } : {}),
        subject: change.subject,
        test: change.test,
        ...(change.reason ? { reason: change.reason } : {}),
      },
    };
    await webhooks().store.append({
      eventId: change.eventId,
      eventType: 'run.stateChanged',
      subjectId: change.workflowId,
      eventCode: change.eventCode,
      providers: change.providers,
      state: change.state,
      body,
    });
  }

  /** POSTs one webhook to its subscription's URL, signed; a refusal throws so Temporal retries with backoff. */
  async function deliverWebhookEvent(req: { subscriptionId: string; event: WebhookEvent }): Promise<{ delivered: boolean }> {
    const store = webhooks().store;
    const sub = await store.subscription(req.subscriptionId);
    if (!sub) {
      await store.recordDelivery(req.subscriptionId, req.event, { status: 'dropped', error: 'the subscription was deleted', attempted: false });
      return { delivered: false };
    }
    const attempt = await postSigned({ url: sub.url, keyId: sub.id, secret: webhooks().openSecret(sub.secret), eventId: req.event.eventId, body: req.event.body, nowMs: deps.clock().getTime() });
    const httpStatus = attempt.httpStatus === undefined ? {} : { httpStatus: attempt.httpStatus };
    if (attempt.ok) {
      await store.recordDelivery(sub.id, req.event, { status: 'delivered', ...httpStatus, attempted: true });
      return { delivered: true };
    }
    const error = attempt.error ?? 'not delivered';
    await store.recordDelivery(sub.id, req.event, { status: 'pending', ...httpStatus, error, attempted: true });
    return retryOrGiveUp(error, deps.config.webhookGiveUpAfterMs, deps.clock().getTime());
  }

  /** Retries ran out: the webhook goes on the subscription's dead-letter list (ops may re-drive it). */
  async function recordWebhookDeadLetter(req: { subscriptionId: string; event: WebhookEvent; error: string }): Promise<void> {
    await webhooks().store.recordDelivery(req.subscriptionId, req.event, { status: 'dead', error: req.error, attempted: false });
  }

  return { recordRunStateChange, deliverWebhookEvent, recordWebhookDeadLetter };
}
