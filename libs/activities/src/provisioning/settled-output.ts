import type { OrderVerdict } from './order-flow';

/**
 * A settled provisioning step's output: one shape whichever attempt settled it (or the record,
 * for a retry), so `nodes.<id>.output.state.*` reads the provider's subscriber data every time.
 */
export function settledOutput(serviceOrderId: string, verdict: OrderVerdict): Record<string, unknown> {
  return { serviceOrderId, status: verdict.status, ...(verdict.message ? { message: verdict.message } : {}), ...(verdict.state ? { state: verdict.state } : {}) };
}
