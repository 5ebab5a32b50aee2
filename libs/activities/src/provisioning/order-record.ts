import { WireCallback } from '@signalbox/contracts';
import type { ServiceOrderWithExchanges } from '@signalbox/persistence';
import type { OrderVerdict } from './order-flow';

/**
 * Marks a FAILED that the engine recorded because no answer came (a timeout), so that reading the
 * record later does not take it for the provider's own failure.
 */
export const NO_ANSWER = { noAnswer: true } as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The provider's answer as the order's record holds it: the settled state with the answer it was
 * settled with (a COMPLETED keeps the provider's subscriber state, so every reader gets the same
 * shape as the attempt that settled it), or, for an order not settled yet, the latest answer the
 * provider posted to the API. Undefined when the record holds no answer.
 */
export function answerOnRecord(order: ServiceOrderWithExchanges): OrderVerdict | undefined {
  if (order.state === 'COMPLETED' || order.state === 'FAILED') {
    const settled = [...order.exchanges]
      .reverse()
      .find((e) => e.direction === 'state-change' && isObject(e.payload) && e.payload.to === order.state && !e.note?.startsWith('refused:'));
    const payload = isObject(settled?.payload) ? settled.payload.payload : undefined;
    if (order.state === 'FAILED' && isObject(payload) && payload.noAnswer === true) return undefined;
    return {
      status: order.state,
      ...(settled?.note ? { message: settled.note } : {}),
      ...(isObject(payload) ? { state: payload } : {}),
    };
  }
  for (const exchange of [...order.exchanges].reverse()) {
    if (exchange.direction !== 'callback') continue;
    const parsed = WireCallback.safeParse(exchange.payload);
    if (!parsed.success) continue;
    const { status, message, state } = parsed.data;
    return { status, ...(message ? { message } : {}), ...(state ? { state } : {}) };
  }
  return undefined;
}
