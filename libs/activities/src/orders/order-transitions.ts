import type { OrderState } from '@signalbox/domain';
import type { TakenTransition } from '../activity.types';
import type { ServiceOrderPort } from '../ports';

/**
 * The transitions a service order actually made, in order, read from its exchange log. The log
 * also holds refused attempts (same shape), told apart by what followed: a change was applied
 * exactly when the next change starts from its target (or, for the last one, the order is in it).
 */
export function orderTransitionActivities(deps: { orders: Pick<ServiceOrderPort, 'get'> }) {
  async function serviceOrderTransitions(req: { serviceOrderId: string }): Promise<TakenTransition[]> {
    const order = await deps.orders.get(req.serviceOrderId);
    if (!order) return [];
    const changes = order.exchanges
      .filter((e) => e.direction === 'state-change')
      .map((e) => e.payload as { from?: OrderState; to?: OrderState } | null)
      .filter((p): p is TakenTransition => typeof p?.from === 'string' && typeof p.to === 'string');
    return changes.filter((change, i) => (i + 1 < changes.length ? changes[i + 1].from === change.to : order.state === change.to)).map(({ from, to }) => ({ from, to }));
  }
  return { serviceOrderTransitions };
}
