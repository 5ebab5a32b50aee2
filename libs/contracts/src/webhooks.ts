import type { SignalDefinition } from '@temporalio/common';
import type { WebhookEventType, WebhookRunState } from '@signalbox/domain';
import { TMF_HUB_RETRY, type TmfHubEvent } from './tmf';
import type { RunStatus } from './temporal';

/*
 * What crosses process boundaries for Signalbox-native webhooks: the outbox rows the run and the
 * order store write, the per-subscription delivery workflow and its signals. Names here are
 * recorded in histories: never rename one.
 */

export const webhookWorkflowId = (subscriptionId: string) => `webhook:${subscriptionId}`;

/** One webhook on its way to one subscription (the body is sent as it is). */
export interface WebhookEvent {
  eventId: string;
  eventType: WebhookEventType;
  /** What the event is about: the run's workflow id or the service order's id (events of one subject arrive in order). */
  subjectId: string;
  body: Record<string, unknown>;
  /** Sent again by ops from the dead-letter list: delivered even though the id was seen. */
  redrive?: boolean;
}

export interface WebhookDeliveryInput {
  subscriptionId: string;
  /** Carried over continue-as-new. */
  pending?: WebhookEvent[];
  seen?: string[];
}
export type WebhookDeliveryWorkflow = (input: WebhookDeliveryInput) => Promise<void>;

/** What every queued delivery (a TMF hub event, a webhook) has in common for the shared delivery loop. */
export type QueuedDelivery = Pick<TmfHubEvent | WebhookEvent, 'eventId' | 'redrive'>;

// Same construction as tmf.ts (no workflow runtime in this barrel).
const signal = <Args extends unknown[]>() => <Name extends string>(name: Name) => ({ type: 'signal', name }) as SignalDefinition<Args, Name>;
/** Outbox dispatcher / API re-drive → subscription's workflow: one event to deliver. */
export const webhookEventSignal = signal<[WebhookEvent]>()('signalbox.webhook.event');
/** API → subscription's workflow: the subscription was deleted; stop delivering. */
export const webhookStopSignal = signal<[]>()('signalbox.webhook.stop');

/** Webhooks back off as hub notifications do (1 s doubling to every 10 min, for up to a day). */
export const WEBHOOK_RETRY = TMF_HUB_RETRY;

/**
 * Patch id, checked once when a run starts: the run writes its announced state changes
 * (WEBHOOK_RUN_STATES) to the webhook outbox through a local activity (one marker each). Runs
 * started before it replay without those markers.
 */
export const RUN_STATE_EVENTS_PATCH = 'run-state-events';

/** A run's state change as the interpreter reports it to the outbox (one local activity call). */
export interface RunStateChange {
  /** Deterministic: `<Temporal run id>:state:<n>`, so a retried call writes nothing twice. */
  eventId: string;
  workflowId: string;
  eventCode: string;
  version: number;
  /** Providers the run's published version uses (for subscriptions filtered by provider). */
  providers: string[];
  state: WebhookRunState & RunStatus;
  /** The state it left (absent for the first). */
  previous?: WebhookRunState & RunStatus;
  /** Workflow clock. */
  at: string;
  subject: Record<string, unknown>;
  test: boolean;
  /** Why, for Failed. */
  reason?: string;
}
