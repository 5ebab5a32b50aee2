import { Context } from '@temporalio/activity';
import { ACCOUNT_TYPE_SERVICE_TYPE, type WireServiceOrder } from '@signalbox/contracts';
import { AccountTypeMovementParameters, CreditControlParameters, DEFAULT_TRANSITIONS, HttpCallParameters, SubscriptionServiceParameters, serviceKeyOf, type OrderAction } from '@signalbox/domain';
import type { ActionRequest, ActionResult } from '../activity.types';
import { httpAdapter, providerAdapter, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import { wireSubject } from '../provisioning/order-fields';
import { orderIdFor, type OrderFlow, type OrderOutcome } from '../provisioning/order-flow';
import { testEndpoints } from '../provisioning/test-routing';
import { wireAnswer } from '../provisioning/wire-answer';

export interface BillingDeps {
  flow: OrderFlow;
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
}

/** Service types of the orders these activities record (not catalog entries: the default state machine applies). */
export const BILLING_SERVICE_TYPES = {
  /** credit-control: `bar` activates the bar (A), `unbar` deactivates it (D). */
  bar: '/service/charging/bar',
  /** subscription-service: `add` activates the service or bundle (A), `remove` deactivates it (D). */
  subscription: '/service/charging/subscription',
  /** account-type-movement: the move is provisioned (P) on the account's account-type service. */
  accountType: ACCOUNT_TYPE_SERVICE_TYPE,
  /** http-call: the call is logged as an order with action I (it changes no service state). */
  httpCall: '/service/integration/http-call',
} as const;

/**
 * Charging-system commands (credit control, subscription services, account type movements) travel as service orders on
 * the provider wire format; http-call is a plain authenticated HTTP call. All three go through the
 * order flow, so each is a service order with its state machine and exchange log. The order id
 * is the run's (when it chose one) or derived from the run, node and activity id: the same on
 * every retry, and the idempotency key the provider deduplicates on.
 */
export function billingActivities(deps: BillingDeps) {
  const { flow, config } = deps;

  async function chargingOrder(req: ActionRequest, providerCode: string, action: OrderAction, serviceType: string, fields: Record<string, unknown>): Promise<ActionResult> {
    const provider = await flow.loadProvider(req, providerCode);
    const endpoints = req.test ? testEndpoints(provider, config.simulatorUrl) : undefined;
    const wire = (order: { id: string; fields: Record<string, unknown> }): WireServiceOrder => ({
      serviceOrderId: order.id,
      action,
      serviceType,
      priority: 'normal',
      subject: wireSubject(req.subject),
      fields: order.fields,
      ...(req.test ? { test: true } : {}),
    });
    const outcome = await flow.place(
      {
        ...orderBasics(req),
        provider,
        serviceType,
        action,
        fields: { ...fields, ...req.inputs },
        updatesStatus: true,
      },
      wire,
      async (order, signal) => wireAnswer(await providerAdapter(deps.adapters, provider).sendOrder(provider, wire(order), { test: req.test, signal, ...(endpoints ? { endpoints } : {}) })),
    );
    return result(outcome);
  }

  async function creditControl(req: ActionRequest): Promise<ActionResult> {
    const p = CreditControlParameters.parse(req.actionCode.parameters);
    return chargingOrder(req, p.provider, p.operation === 'bar' ? 'A' : 'D', BILLING_SERVICE_TYPES.bar, { operation: p.operation, barType: p.barType, ...(p.reason ? { reason: p.reason } : {}) });
  }

  async function subscriptionService(req: ActionRequest): Promise<ActionResult> {
    const p = SubscriptionServiceParameters.parse(req.actionCode.parameters);
    const amount = req.inputs.amount ?? (p.amount ? req.data[p.amount.replace(/^data\./, '')] : undefined);
    return chargingOrder(req, p.provider, p.operation === 'add' ? 'A' : 'D', BILLING_SERVICE_TYPES.subscription, { operation: p.operation, service: p.service, ...(amount !== undefined ? { amount } : {}) });
  }

  async function accountTypeMovement(req: ActionRequest): Promise<ActionResult> {
    const p = AccountTypeMovementParameters.parse(req.actionCode.parameters);
    return chargingOrder(req, p.provider, 'P', BILLING_SERVICE_TYPES.accountType, {
      toType: p.toType,
      ...(p.fromType ? { fromType: p.fromType } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
    });
  }

  async function httpCall(req: ActionRequest): Promise<ActionResult> {
    const p = HttpCallParameters.parse(req.actionCode.parameters);
    const target = await flow.loadProvider(req, p.provider);
    const adapter = httpAdapter(deps.adapters, target);
    const payload = p.method === 'GET' || p.method === 'DELETE' ? undefined : (req.inputs.body ?? { subject: req.subject, data: req.data });
    const endpoints = req.test ? testEndpoints(target, config.simulatorUrl) : undefined;
    let answered: { httpStatus: number | null; body: unknown } | undefined;
    const outcome = await flow.place(
      {
        ...orderBasics(req),
        provider: target,
        serviceType: BILLING_SERVICE_TYPES.httpCall,
        action: 'I',
        fields: { method: p.method, path: p.path },
        updatesStatus: false,
      },
      () => ({ method: p.method, path: p.path, ...(payload !== undefined ? { body: payload } : {}) }),
      async (order, signal) => {
        const answer = await adapter.request(target, {
          method: p.method,
          path: p.path,
          ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
          idempotencyKey: order.id,
          test: req.test,
          signal,
          ...(endpoints ? { endpoints } : {}),
        });
        answered = { httpStatus: answer.httpStatus, body: answer.body };
        return { ...answer, verdict: { status: 'COMPLETED' } };
      },
    );
    if (outcome.kind === 'not-sent') return result(outcome);
    // A retry of a call already answered reports the answer from the log instead of calling again.
    answered ??= await lastResponse(outcome.order.id);
    return { ...result(outcome), output: { serviceOrderId: outcome.order.id, ...(answered ?? {}) } };
  }

  async function lastResponse(orderId: string): Promise<{ httpStatus: number | null; body: unknown } | undefined> {
    const order = await flow.get(orderId);
    const response = order?.exchanges.filter((e) => e.direction === 'response').at(-1);
    return response ? { httpStatus: response.httpStatus, body: response.payload } : undefined;
  }

  return { creditControl, subscriptionService, accountTypeMovement, httpCall };
}

function orderBasics(req: ActionRequest) {
  return {
    id: req.serviceOrderId ?? orderIdFor(req),
    serviceKey: req.serviceKey ?? serviceKeyOf(req.subject, req.workflowId),
    transitions: req.serviceType?.transitions ?? DEFAULT_TRANSITIONS,
    priority: 'normal' as const,
    mode: 'confirmed' as const,
    subject: req.subject,
    runWorkflowId: req.workflowId,
    nodeId: req.nodeId,
    isTest: req.test,
    ...(req.slot ? { claim: req.slot } : {}),
  };
}

function result(outcome: OrderOutcome): ActionResult {
  const attempt = Context.current().info.attempt;
  if (outcome.kind === 'not-sent') return { outcome: 'not-sent', slot: outcome.slot, attempt };
  const serviceOrderId = outcome.order.id;
  if (outcome.kind === 'accepted') return { outcome: 'success', serviceOrderId, output: { serviceOrderId, accepted: true }, attempt };
  const { verdict } = outcome;
  return {
    outcome: verdict.status === 'COMPLETED' ? 'success' : 'failure',
    serviceOrderId,
    output: { serviceOrderId, status: verdict.status, ...(verdict.message ? { message: verdict.message } : {}), ...(verdict.state ? { state: verdict.state } : {}) },
    attempt,
    ...(outcome.slot ? { slot: outcome.slot } : {}),
  };
}
