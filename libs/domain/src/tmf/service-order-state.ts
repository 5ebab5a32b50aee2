/** TMF641 v4 ServiceOrderStateType. */
export const TMF_ORDER_STATES = ['acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'completed', 'failed', 'partial', 'assessingCancellation', 'pendingCancellation'] as const;
export type TmfOrderState = (typeof TMF_ORDER_STATES)[number];

/** TMF641 v4 ServiceOrderItemStateType. */
export const TMF_ITEM_STATES = ['acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'completed', 'failed', 'assessingCancellation', 'pendingCancellation', 'partial'] as const;
export type TmfItemState = (typeof TMF_ITEM_STATES)[number];

const FINAL_ITEM_STATES: readonly TmfItemState[] = ['completed', 'failed', 'cancelled', 'rejected'];
export const isFinalItemState = (s: TmfItemState) => FINAL_ITEM_STATES.includes(s);
export const FINAL_ORDER_STATES: readonly TmfOrderState[] = ['completed', 'failed', 'partial', 'cancelled', 'rejected'];

/** Item states while its run is open: running, parked as an incident (held), waiting for a message from the orderer (pending). */
export const OPEN_ITEM_STATES: readonly TmfItemState[] = ['inProgress', 'held', 'pending'];
export const isOpenItemState = (s: TmfItemState) => OPEN_ITEM_STATES.includes(s);

/**
 * The order's state from its items' (TMF641's rules as Signalbox applies them): acknowledged until
 * an item starts; while any is open, inProgress if one is running, else held if one is held (an
 * operator must act), else pending (the orderer must answer); once all are final, completed when
 * every item completed, failed when none did, partial otherwise. A cancelled order is set by the
 * cancel itself, not derived here.
 */
export function orderStateOf(items: readonly TmfItemState[]): TmfOrderState {
  if (items.every((s) => s === 'acknowledged')) return 'acknowledged';
  if (!items.every(isFinalItemState)) {
    if (items.includes('inProgress')) return 'inProgress';
    if (items.includes('held')) return 'held';
    return items.includes('pending') ? 'pending' : 'inProgress';
  }
  const completed = items.filter((s) => s === 'completed').length;
  if (completed === items.length) return 'completed';
  return completed === 0 ? 'failed' : 'partial';
}
