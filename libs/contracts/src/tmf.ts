import type { SignalDefinition } from '@temporalio/common';
import type { TmfItemPlan, TmfItemState, TmfOrderState } from '@signalbox/domain';

/*
 * What crosses process boundaries for TMF641 service ordering: the per-order orchestration
 * workflow (started by the API, run by the worker) and the per-subscription hub delivery workflow.
 * Names here are recorded in histories: never rename one.
 */

export const tmfOrderWorkflowId = (orderId: string) => `tmf-order:${orderId}`;
export const tmfHubWorkflowId = (subscriptionId: string) => `tmf-hub:${subscriptionId}`;
/** The item run's idempotency key: run:<eventCode>:tmf:<order id>:<item id>, one run per item whoever starts it. */
export const tmfItemEventId = (orderId: string, itemId: string) => `tmf:${orderId}:${itemId}`;

export interface TmfOrderWorkflowInput {
  orderId: string;
  items: TmfItemPlan[];
}

export interface TmfOrderResult {
  state: TmfOrderState;
  items: Record<string, TmfItemState>;
}

/** The TMF641 notification types Signalbox sends. */
export const TMF_EVENT_TYPES = [
  'ServiceOrderCreateEvent',
  'ServiceOrderStateChangeEvent',
  'ServiceOrderAttributeValueChangeEvent',
  'ServiceOrderInformationRequiredEvent',
  'ServiceOrderDeleteEvent',
  'CancelServiceOrderStateChangeEvent',
] as const;
export type TmfEventType = (typeof TMF_EVENT_TYPES)[number];

/** The orchestration's snapshot of an order, written to the database with the events it causes. */
export interface TmfOrderProgress {
  orderId: string;
  state: TmfOrderState;
  items: Record<string, { state: TmfItemState; runId?: string }>;
  /** Events to send to the hub's listeners; ids are deterministic (order id + sequence), so a retry sends the same ones. */
  events: TmfProgressEvent[];
}

/** One notification the order's workflow asks for; `fieldPath` and `description` go into the TMF event as they are. */
export interface TmfProgressEvent {
  eventId: string;
  eventType: TmfEventType;
  /** ServiceOrderInformationRequiredEvent: the item that needs information (`serviceOrderItem[1]`). */
  fieldPath?: string;
  description?: string;
}

/** Patch id of the order workflow's held/pending item states and information-required events (orders started before it show only inProgress). */
export const TMF_ITEM_PHASES_PATCH = 'tmf-item-phases';

/** One notification on its way to one listener. */
export interface TmfHubEvent {
  eventId: string;
  eventType: TmfEventType;
  orderId: string;
  /** The TMF event body as sent (eventId, eventTime, eventType, event.serviceOrder). */
  body: Record<string, unknown>;
  /** Sent again by ops from the dead-letter list: delivered even though the id was seen. */
  redrive?: boolean;
}

export interface TmfHubDeliveryInput {
  subscriptionId: string;
  /** Carried over continue-as-new. */
  pending?: TmfHubEvent[];
  seen?: string[];
}

export type TmfOrderWorkflow = (input: TmfOrderWorkflowInput) => Promise<TmfOrderResult>;
export type TmfHubDeliveryWorkflow = (input: TmfHubDeliveryInput) => Promise<void>;

// Same construction as messages.ts (no workflow runtime in this barrel).
const signal = <Args extends unknown[]>() => <Name extends string>(name: Name) => ({ type: 'signal', name }) as SignalDefinition<Args, Name>;

/** API → order workflow: cancelServiceOrder. */
export const tmfCancelOrderSignal = signal<[{ cancelId: string; reason?: string }]>()('signalbox.tmf.cancelOrder');
/** Order workflow's activity / API → hub workflow: one notification to deliver. */
export const tmfHubEventSignal = signal<[TmfHubEvent]>()('signalbox.tmf.hubEvent');
/** API → hub workflow: the subscription was deleted; stop delivering. */
export const tmfHubStopSignal = signal<[]>()('signalbox.tmf.hubStop');

/**
 * How hub deliveries are retried: fast first (a listener that blinked), then backing off to every
 * 10 min for a day. `giveUpAfterMs` is the longest window: the worker may give up sooner
 * (SIGNALBOX_TMF_HUB_GIVE_UP_AFTER_SECONDS), never later, since it bounds the activity itself.
 */
export const TMF_HUB_RETRY = { initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 10 * 60_000, giveUpAfterMs: 24 * 3_600_000, requestTimeoutMs: 10_000 } as const;
