import type { OrderResponse, WireCallback } from '@signalbox/contracts';
import type { ServiceOrderStore } from './service-order.store';
import type { ServiceOrder } from './service-order.types';

/**
 * What to do with a provider's asynchronous answer once it is recorded. Recording and delivery
 * are distinct: the answer is delivered (signalled to the order's run) the first time and again
 * on every repeat while the order is open — the run has not applied it yet, e.g. because Temporal
 * refused the first signal — and never after the run settled the order.
 */
/** An answer to signal to the run waiting for it. */
export interface CallbackDelivery {
  runWorkflowId: string;
  response: OrderResponse;
}

export type CallbackReceipt =
  /** A new answer to a settled order: refused, not recorded. */
  | { kind: 'closed'; order: ServiceOrder }
  /** A repeat of an answer the order is settled with: nothing to do. */
  | { kind: 'duplicate'; order: ServiceOrder }
  /** Recorded now (`recorded`) or earlier (`redelivery`); `delivery` is what to signal, when the order has a run. */
  | { kind: 'recorded' | 'redelivery'; order: ServiceOrder; delivery?: CallbackDelivery };

/** The one implementation of `POST /api/service-orders/{id}/response` short of the signal itself. */
export async function receiveCallback(store: Pick<ServiceOrderStore, 'recordCallback'>, id: string, callback: WireCallback, note?: string): Promise<CallbackReceipt> {
  const { outcome, order } = await store.recordCallback(id, callback as Record<string, unknown>, note);
  if (outcome === 'closed') return { kind: 'closed', order };
  if (outcome === 'duplicate' && order.closedAt) return { kind: 'duplicate', order };
  const response: OrderResponse = {
    serviceOrderId: order.id,
    status: callback.status,
    ...(callback.message !== undefined ? { message: callback.message } : {}),
    ...(callback.state !== undefined ? { payload: callback.state } : {}),
  };
  return {
    kind: outcome === 'duplicate' ? 'redelivery' : 'recorded',
    order,
    ...(order.runWorkflowId ? { delivery: { runWorkflowId: order.runWorkflowId, response } } : {}),
  };
}
