import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CreditControlParameters, HttpCallParameters, SubscriptionServiceParameters, type Provider } from '@signalbox/domain';
import type { WireServiceOrder } from '@signalbox/contracts';
import type { ActionRequest, ActionResult } from '../activity.types';
import { providerAdapter, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { ProviderDirectory } from '../ports';
import { wireSubject } from '../provisioning/order-fields';
import { testEndpoints } from '../provisioning/test-routing';

export interface BillingDeps {
  providers: ProviderDirectory;
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
}

/**
 * Charging-system commands (credit control, subscription services) travel as service orders on
 * the provider wire format, with a charging service type; http-call is a plain authenticated call.
 * Their idempotency key is the run, node and activity id: stable across retries.
 */
export function billingActivities(deps: BillingDeps) {
  async function provider(req: ActionRequest, code: string): Promise<Provider> {
    const found = await deps.providers.load(code);
    if (found) return found;
    if (req.provider && req.provider.auth.type === 'none') return req.provider as Provider;
    throw ApplicationFailure.nonRetryable(`provider ${code} is not in the catalog`, 'UnknownProvider');
  }

  async function chargingOrder(req: ActionRequest, providerCode: string, action: WireServiceOrder['action'], serviceType: string, fields: Record<string, unknown>): Promise<ActionResult> {
    const info = Context.current().info;
    const p = await provider(req, providerCode);
    const order: WireServiceOrder = {
      serviceOrderId: `${req.workflowId}:${req.nodeId}:${info.activityId}`,
      action,
      serviceType,
      priority: 'normal',
      subject: wireSubject(req.subject),
      fields: { ...fields, ...req.inputs },
      ...(req.test ? { test: true } : {}),
    };
    const answer = await providerAdapter(deps.adapters, p).sendOrder(p, order, {
      test: req.test,
      signal: Context.current().cancellationSignal,
      ...(req.test ? { endpoints: testEndpoints(p, deps.config.simulatorUrl) } : {}),
    });
    if (answer.kind === 'accepted') return { outcome: 'success', output: { orderId: order.serviceOrderId, accepted: true }, attempt: info.attempt };
    return {
      outcome: answer.result.status === 'COMPLETED' ? 'success' : 'failure',
      output: { orderId: order.serviceOrderId, status: answer.result.status, ...(answer.result.message ? { message: answer.result.message } : {}) },
      attempt: info.attempt,
    };
  }

  async function creditControl(req: ActionRequest): Promise<ActionResult> {
    const p = CreditControlParameters.parse(req.actionCode.parameters);
    return chargingOrder(req, p.provider, p.operation === 'bar' ? 'S' : 'R', '/service/charging/bar', { operation: p.operation, barType: p.barType, ...(p.reason ? { reason: p.reason } : {}) });
  }

  async function subscriptionService(req: ActionRequest): Promise<ActionResult> {
    const p = SubscriptionServiceParameters.parse(req.actionCode.parameters);
    const amount = req.inputs.amount ?? (p.amount ? req.data[p.amount.replace(/^data\./, '')] : undefined);
    return chargingOrder(req, p.provider, p.operation === 'add' ? 'A' : 'D', '/service/charging/subscription', { operation: p.operation, service: p.service, ...(amount !== undefined ? { amount } : {}) });
  }

  async function httpCall(req: ActionRequest): Promise<ActionResult> {
    const info = Context.current().info;
    const p = HttpCallParameters.parse(req.actionCode.parameters);
    const target = await provider(req, p.provider);
    const body = p.method === 'GET' || p.method === 'DELETE' ? undefined : JSON.stringify(req.inputs.body ?? { subject: req.subject, data: req.data });
    const answer = await providerAdapter(deps.adapters, target).request(target, {
      method: p.method,
      path: p.path,
      ...(body !== undefined ? { body } : {}),
      idempotencyKey: `${req.workflowId}:${req.nodeId}:${info.activityId}`,
      test: req.test,
      signal: Context.current().cancellationSignal,
      ...(req.test ? { endpoints: testEndpoints(target, deps.config.simulatorUrl) } : {}),
    });
    return { outcome: 'success', output: { httpStatus: answer.httpStatus, body: answer.body }, attempt: info.attempt };
  }

  return { creditControl, subscriptionService, httpCall };
}
