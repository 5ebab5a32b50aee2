import type { ActionCode, Channel, OrderState, ProvisioningMode, ServiceType, Subject, Transition } from '@signalbox/domain';
import type { RunBudget, RunStateChange, ServiceQueueRequest, VersionSnapshot } from '@signalbox/contracts';

/** The snapshot's provider record: the definition without secrets (the activity loads those). */
export type SnapshotProvider = VersionSnapshot['providers'][string];

/** What the interpreter hands to an action type's activity. Everything is plain JSON. */
export interface ActionRequest {
  workflowId: string;
  nodeId: string;
  actionCode: ActionCode;
  /** The node's `inputs`, already evaluated in the run. */
  inputs: Record<string, unknown>;
  subject: Subject;
  data: Record<string, unknown>;
  test: boolean;
  /** The provider the action code names (`parameters.provider`), from the run's snapshot. */
  provider?: SnapshotProvider;
  /** Provisioning: the service type from the snapshot, the order's id (fixed by the run) and mode. */
  serviceType?: ServiceType;
  serviceOrderId?: string;
  serviceKey?: string;
  mode?: ProvisioningMode;
  /** Communication: the message rendered by `renderMessage`. */
  message?: RenderedMessage;
  /** Communication: the message to render first, in the sending activity itself (instead of `message`). */
  render?: RenderRequest;
  /**
   * The run's state changes not yet written to the webhook outbox, in order: the activity writes
   * them before anything else (a repeat writes nothing) and says so in `stateChangesRecorded`.
   */
  stateChanges?: RunStateChange[];
  /**
   * The retry policy's attempt limit (absent or 0: unlimited). Temporal does not tell an activity
   * which attempt is its last; a communication needs to know so that a message whose every attempt
   * failed is recorded failed, not left queued.
   */
  maximumAttempts?: number;
  /**
   * The activity takes the order's slot itself (the service's, as a row: `SlotClaim`) before it
   * sends, and hands it back when the provider settles the order within the call; absent, the run
   * holds the slot around the call (order-slots.ts).
   */
  slot?: SlotClaim;
}

/** An order's slot, taken by the order's activity: the queue, and how the order may share it. */
export interface SlotClaim {
  queueKey: string;
  concurrent: boolean;
  priority?: 'normal' | 'express';
}

/**
 * What became of a claimed slot: `busy` (nothing sent; the run waits for its grant and asks
 * again), `released` (settled within the call, slot handed back), `unclaimed` (not taken here, as
 * when the service still has a queue workflow from before slots were rows: the run takes it).
 */
export type SlotAnswer = 'busy' | 'released' | 'unclaimed';

/**
 * `outcome` is one of the action type's outcomes; `accepted` means the provider took the order and
 * will answer asynchronously (the run then waits for the response signal).
 */
export interface ActionResult {
  outcome: string;
  output?: Record<string, unknown>;
  serviceOrderId?: string;
  /** The activity attempt that produced the result. */
  attempt?: number;
  /** Only when the request carried a `slot` claim. */
  slot?: SlotAnswer;
  /** True when the request's `stateChanges` are in the outbox (absent: the run writes them itself). */
  stateChangesRecorded?: true;
}

/** An action type's activity. */
export type ActionActivity = (req: ActionRequest) => Promise<ActionResult>;

export interface RenderRequest {
  templateCode: string;
  template: VersionSnapshot['templates'][string];
  channel?: Channel;
  to: string;
  locale?: string;
  context: Record<string, unknown>;
}

export interface RenderedMessage {
  channel: Channel;
  to: string;
  locale: string;
  subject?: string;
  body: string;
  templateCode: string;
}

export interface SettleOrderRequest {
  serviceOrderId: string;
  status: Extract<OrderState, 'COMPLETED' | 'FAILED'>;
  transitions: readonly Transition[];
  providerCode: string;
  subjectKey: string;
  message?: string;
  payload?: Record<string, unknown>;
}

/** A state change a service order made (read back for its service type's transition actions). */
export interface TakenTransition {
  from: OrderState;
  to: OrderState;
}

export interface EnqueueRequest {
  serviceKey: string;
  request: ServiceQueueRequest;
  /** The queue to join; the service's (`service:<serviceKey>`) when absent. */
  queueWorkflowId?: string;
}

/** A run that waited long for its slot asks whether it holds it now (slot-activities.ts). */
export interface SlotCheckRequest {
  queueWorkflowId: string;
  requestId: string;
}

/** A slot handed back (to its queue's rows, or the queue workflow that granted it), with the order's outcome. */
export interface ReleaseRequest {
  queueWorkflowId: string;
  requestId: string;
  outcome: string;
}

export interface FailureNotice {
  to?: string;
  workflowId: string;
  eventCode: string;
  version: number;
  subject: Subject;
  reason: string;
  test: boolean;
}

export interface LinkedRunRequest {
  eventCode: string;
  subject: Subject;
  data: Record<string, unknown>;
  /** Deterministic id part: the parent's event id and node id. */
  eventId: string;
  delayMs: number;
  parentRunId: string;
  /** The linked run's depth in its chain (the parent's + 1); absent from runs started before it existed. */
  linkDepth?: number;
  test: boolean;
  failureNotify?: string;
  /** The parent's lowered run budget, kept by the linked run. */
  limits?: Partial<RunBudget>;
}

export interface LinkedRunResult {
  workflowId: string;
  started: boolean;
}
