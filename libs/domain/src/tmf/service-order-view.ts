import { FINAL_ORDER_STATES, type TmfItemState, type TmfOrderState } from './service-order-state';

/** An order as stored: the request as received, and the state the engine keeps. */
export interface TmfOrderRecord {
  id: string;
  request: Record<string, unknown>;
  state: TmfOrderState;
  items: Record<string, { state: TmfItemState; runId?: string }>;
  orderDate: string;
  startDate: string | null;
  completionDate: string | null;
  /** The cancelServiceOrder request made for it, if any (one per order). */
  cancellation: TmfCancellation | null;
}

export const TMF_SERVICE_ORDER_PATH = '/tmf-api/serviceOrdering/v4/serviceOrder';
export const TMF_CANCEL_PATH = '/tmf-api/serviceOrdering/v4/cancelServiceOrder';

/** What a cancelServiceOrder request leaves on its order (the order's `cancellation` column). */
export interface TmfCancellation {
  id: string;
  /** When the request was received. */
  date: string;
  cancellationReason?: string;
  requestedCancellationDate?: string;
}

/** TMF641 v4 TaskStateType: the states of a cancelServiceOrder task. */
export type TmfCancelState = 'accepted' | 'inProgress' | 'done' | 'terminatedWithError';

/**
 * The TMF641 ServiceOrder resource of a stored order, shared by the API's answers and the hub's
 * notifications so both show the same thing. `baseUrl` makes `href` absolute when known.
 */
export function tmfServiceOrderView(order: TmfOrderRecord, baseUrl = ''): Record<string, unknown> {
  const href = `${baseUrl.replace(/\/+$/, '')}${TMF_SERVICE_ORDER_PATH}/${order.id}`;
  const items = Array.isArray(order.request.serviceOrderItem) ? (order.request.serviceOrderItem as Record<string, unknown>[]) : [];
  const cancellationReason = order.cancellation?.cancellationReason;
  return {
    ...order.request,
    id: order.id,
    href,
    state: order.state,
    orderDate: order.orderDate,
    ...(order.startDate ? { startDate: order.startDate } : {}),
    ...(order.completionDate ? { completionDate: order.completionDate } : {}),
    ...(order.cancellation && typeof order.cancellation.date === 'string' ? { cancellationDate: order.cancellation.date } : {}),
    ...(typeof cancellationReason === 'string' ? { cancellationReason } : {}),
    serviceOrderItem: items.map((item) => ({ ...item, state: order.items[String(item.id)]?.state ?? 'acknowledged', '@type': item['@type'] ?? 'ServiceOrderItem' })),
    '@type': order.request['@type'] ?? 'ServiceOrder',
  };
}

/**
 * The TMF641 CancelServiceOrder resource of a cancel request, read from its order: `inProgress`
 * while the order's open runs are being cancelled, `done` once the order is cancelled (the order's
 * completion is the effective cancellation), `terminatedWithError` when the order ended otherwise
 * first (its runs finished before the cancel reached them).
 */
export function tmfCancelView(order: TmfOrderRecord & { cancellation: TmfCancellation }, baseUrl = ''): Record<string, unknown> {
  const base = baseUrl.replace(/\/+$/, '');
  const c = order.cancellation;
  const state: TmfCancelState = order.state === 'cancelled' ? 'done' : FINAL_ORDER_STATES.includes(order.state) ? 'terminatedWithError' : 'inProgress';
  return {
    id: c.id,
    href: `${base}${TMF_CANCEL_PATH}/${c.id}`,
    state,
    ...(c.cancellationReason ? { cancellationReason: c.cancellationReason } : {}),
    ...(c.requestedCancellationDate ? { requestedCancellationDate: c.requestedCancellationDate } : {}),
    ...(state === 'done' && order.completionDate ? { effectiveCancellationDate: order.completionDate } : {}),
    ...(state === 'terminatedWithError' ? { completionMessage: `the order ended ${order.state} before the cancel took effect` } : {}),
    serviceOrder: { id: order.id, href: `${base}${TMF_SERVICE_ORDER_PATH}/${order.id}`, '@referredType': 'ServiceOrder' },
    '@type': 'CancelServiceOrder',
  };
}

/** TMF630 `fields=` projection: the listed first-level attributes plus id, href and @type. */
export function projectFields(resource: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields?.length) return resource;
  const keep = new Set(['id', 'href', '@type', ...fields]);
  return Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k)));
}
