/**
 * The per-service order queue (`service:<serviceKey>`): the Temporal-native mutex that keeps at
 * most one service order in flight per service. A run asks for a slot by signal-with-start, the
 * queue grants slots in arrival order by signalling the run back, and the run hands the slot back
 * with the order's outcome once the provider has answered (or the wait timed out). Its signals
 * and query are the typed definitions in ./messages.
 */
export interface ServiceQueueRequest {
  /** Unique per request; the service-order id. */
  requestId: string;
  /** Workflow id of the run to signal when the slot is granted. */
  runWorkflowId: string;
  /** In-flight changes allowed (service type or provider): granted alongside other concurrent orders. */
  concurrent: boolean;
  /** `express` goes ahead of every `normal` request waiting (after the express ones already waiting). */
  priority?: 'normal' | 'express';
}

export interface ServiceQueueRelease {
  requestId: string;
  outcome: string;
}

/** The queue's answer to `acquireUpdate`: granted now, or waiting for `grantedSignal`. */
export interface ServiceQueueAcquired {
  granted: boolean;
}

export interface ServiceQueueGrant {
  requestId: string;
}

export interface ServiceQueueInput {
  serviceKey: string;
  /** Carried over continue-as-new. */
  waiting?: ServiceQueueRequest[];
  holders?: ServiceQueueRequest[];
  /** Orders released since the queue (first) started. */
  processed?: number;
}

export interface ServiceQueueState {
  serviceKey: string;
  holders: ServiceQueueRequest[];
  waiting: ServiceQueueRequest[];
  processed: number;
  /** Outcome of each request released in this execution, in release order. */
  released: ServiceQueueRelease[];
}

export type ServiceOrderQueueWorkflow = (input: ServiceQueueInput) => Promise<void>;

/**
 * The one-order-at-a-time queue of a provider in `sync` mode: the same queue workflow as a
 * service's, keyed by provider, so a sync provider gets one order at a time across every run and
 * worker process, each answered (or timed out) before the next is sent.
 */
export function providerQueueWorkflowId(providerCode: string): string {
  return `provider:${providerCode}`;
}
