import { z } from 'zod';
import { boundedJsonObject, ORDER_KINDS } from '@signalbox/domain';

/**
 * The HTTP event-sender wire format: what the HTTP provider adapter POSTs to a provider and what
 * the network simulator (and a real agent speaking this format) answers. Versioned by path.
 *
 *   POST {endpoint}/orders                      body: WireServiceOrder
 *     headers: Content-Type: application/json
 *              Idempotency-Key: <serviceOrderId>   (a repeat is answered from the first result)
 *              X-Signalbox-Test: 1                 (test runs)
 *              Authorization: Basic …   | <custom header>: <value>
 *              X-Signature: keyId=<id>,ts=<unix s>,sig=<hex HMAC-SHA256 of "<ts>.<body>">
 *   → 200 WireOrderResult            (sync mode: the outcome is in the answer)
 *   → 202 { accepted: true }         (async mode: the provider POSTs a WireCallback later)
 *   → 4xx/5xx { error }              (4xx: not retried; 5xx: retried)
 */
export const WireServiceOrder = z.object({
  serviceOrderId: z.string(),
  action: z.enum(['A', 'C', 'D', 'I', 'P', 'R', 'S']),
  serviceType: z.string(),
  priority: z.enum(['normal', 'express']),
  subject: z.record(z.string(), z.string()),
  fields: z.record(z.string(), z.unknown()),
  /** What the order is about; absent means a service order. */
  kind: z.enum(ORDER_KINDS).optional(),
  /** Device orders: the device type, the state that created the order and its labelled fields. */
  device: z.object({ type: z.string(), state: z.string(), fields: z.record(z.string(), z.unknown()) }).optional(),
  /** Supplementary-service orders: the services, and whether the parent service changes with them. */
  supplementary: z.object({ services: z.array(z.string()), withParent: z.boolean() }).optional(),
  /** Async mode: where the provider posts its WireCallback. */
  callbackUrl: z.string().optional(),
  test: z.boolean().optional(),
});
export type WireServiceOrder = z.infer<typeof WireServiceOrder>;

/**
 * Account type movements travel as orders of this service type, action P, with the fields
 * `toType`, optional `fromType` (the type the account must have now) and `reason`; the provider
 * answers with the account's type in `state.accountType`. The network simulator plays one.
 */
export const ACCOUNT_TYPE_SERVICE_TYPE = '/service/billing/account-type';

/**
 * An order's outcome lands in the run's history (and its state in the service order's row): a
 * provider, or anyone holding an agent key, cannot make it arbitrarily large.
 */
export const ORDER_RESULT_LIMITS = { maxMessageLength: 2000, state: { maxBytes: 64 * 1024, maxDepth: 16 } } as const;

export const WireOrderResult = z.object({
  serviceOrderId: z.string(),
  status: z.enum(['COMPLETED', 'FAILED']),
  message: z.string().max(ORDER_RESULT_LIMITS.maxMessageLength, `must be at most ${ORDER_RESULT_LIMITS.maxMessageLength} characters: keep the details in the provider's own records`).optional(),
  /** The provider's view of the subscriber after the order (used for provisioning status). */
  state: boundedJsonObject({ ...ORDER_RESULT_LIMITS.state, hint: "send the subscriber's status, not a document" }).optional(),
});
export type WireOrderResult = z.infer<typeof WireOrderResult>;

/** Async answer, POSTed by the provider to `callbackUrl` (Signalbox: /api/service-orders/{id}/response). */
export const WireCallback = WireOrderResult;
export type WireCallback = WireOrderResult;

/** Messages to customers through the simulator's HTTP SMS / push gateway: POST {endpoint}/messages. */
export const WireMessage = z.object({
  messageId: z.string(),
  channel: z.enum(['sms', 'push', 'letter']),
  to: z.string(),
  body: z.string(),
  test: z.boolean().optional(),
  /** Where the gateway may POST delivery reports for this message (signed like a provider request). */
  reportUrl: z.string().optional(),
});
export type WireMessage = z.infer<typeof WireMessage>;
