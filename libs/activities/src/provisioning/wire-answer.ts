import type { OrderAnswer } from '../adapters/http-provider.adapter';
import type { ProviderAnswer } from './order-flow';

/** A wire-format answer (HTTP or TCP) as the order flow reads it: a result settles, 202 waits for the callback. */
export function wireAnswer(answer: OrderAnswer): ProviderAnswer {
  const exchange = { endpoint: answer.endpoint, httpStatus: answer.httpStatus, body: answer.body, latencyMs: answer.latencyMs };
  if (answer.kind === 'accepted') return exchange;
  const { status, message, state } = answer.result;
  return { ...exchange, verdict: { status, ...(message ? { message } : {}), ...(state ? { state } : {}) } };
}
