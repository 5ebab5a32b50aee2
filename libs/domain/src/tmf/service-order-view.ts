import type { TmfItemState, TmfOrderState } from './service-order-state';

/** An order as stored: the request as received, and the state the engine keeps. */
export interface TmfOrderRecord {
  id: string;
  request: Record<string, unknown>;
  state: TmfOrderState;
  items: Record<string, { state: TmfItemState; runId?: string }>;
  orderDate: string;
  startDate: string | null;
  completionDate: string | null;
  cancellation: Record<string, unknown> | null;
}

export const TMF_SERVICE_ORDER_PATH = '/tmf-api/serviceOrdering/v4/serviceOrder';

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

/** TMF630 `fields=` projection: the listed first-level attributes plus id, href and @type. */
export function projectFields(resource: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (!fields?.length) return resource;
  const keep = new Set(['id', 'href', '@type', ...fields]);
  return Object.fromEntries(Object.entries(resource).filter(([k]) => keep.has(k)));
}
