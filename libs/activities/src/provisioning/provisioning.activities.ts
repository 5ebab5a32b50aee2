import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ProvisioningParameters, type Provider, type Transition } from '@signalbox/domain';
import type { WireOrderResult, WireServiceOrder } from '@signalbox/contracts';
import type { ServiceOrder } from '@signalbox/persistence';
import type { ActionRequest, ActionResult, SettleOrderRequest } from '../activity.types';
import type { ProviderFailureDetails } from '../adapters/http-provider.adapter';
import { providerAdapter, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { ProviderDirectory, ServiceOrderPort } from '../ports';
import { buildOrderFields, wireSubject } from './order-fields';
import { testEndpoints } from './test-routing';

export interface ProvisioningDeps {
  orders: ServiceOrderPort;
  providers: ProviderDirectory;
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
}

/** Heartbeat while waiting on a provider, so an unbounded confirm (timeout 0) stays observable. */
const HEARTBEAT_EVERY_MS = 2_000;

export function provisioningActivities(deps: ProvisioningDeps) {
  const { orders, config } = deps;

  async function loadProvider(req: ActionRequest, code: string): Promise<Provider> {
    const provider = await deps.providers.load(code);
    if (provider) return provider;
    if (req.provider && req.provider.auth.type === 'none') return req.provider as Provider;
    throw ApplicationFailure.nonRetryable(`provider ${code} is not in the catalog`, 'UnknownProvider');
  }

  async function move(order: ServiceOrder, to: ServiceOrder['state'], transitions: readonly Transition[], note?: string): Promise<ServiceOrder> {
    const result = await orders.transition(order.id, to, { transitions, ...(note ? { note } : {}) });
    if (!result.applied) throw ApplicationFailure.nonRetryable(`service order ${order.id}: ${result.reason}`, 'TransitionRefused');
    return result.order;
  }

  /** COMPLETED/FAILED with the provider's answer; on success, the provisioning status is updated. */
  async function settle(req: SettleOrderRequest): Promise<{ state: string; applied: boolean }> {
    const result = await orders.transition(req.serviceOrderId, req.status, {
      transitions: req.transitions,
      ...(req.message ? { note: req.message } : {}),
      ...(req.payload ? { payload: req.payload } : {}),
    });
    if (result.applied && req.status === 'COMPLETED') {
      await orders.upsertProvisioningStatus({
        providerCode: req.providerCode,
        subjectKey: req.subjectKey,
        state: req.payload ?? {},
        orderId: req.serviceOrderId,
      });
    }
    return { state: result.order.state, applied: result.applied };
  }

  async function provisioning(req: ActionRequest): Promise<ActionResult> {
    const ctx = Context.current();
    const attempt = ctx.info.attempt;
    const params = ProvisioningParameters.parse(req.actionCode.parameters);
    const serviceType = req.serviceType;
    if (!serviceType || !req.serviceOrderId || !req.serviceKey) {
      throw ApplicationFailure.nonRetryable('a provisioning request needs its service type, order id and service key', 'BadRequest');
    }
    const provider = await loadProvider(req, params.provider);
    const mode = req.mode ?? params.mode ?? serviceType.defaultMode;
    const transitions = serviceType.transitions;

    let order: ServiceOrder = await orders.create({
      id: req.serviceOrderId,
      serviceKey: req.serviceKey,
      providerCode: provider.code,
      serviceType: serviceType.code,
      action: params.action,
      priority: params.priority,
      mode,
      fields: buildOrderFields([...serviceType.fields, ...params.fields], req.subject, req.data, req.inputs),
      subject: req.subject,
      runWorkflowId: req.workflowId,
      nodeId: req.nodeId,
      isTest: req.test,
    });
    // A retry after the order was settled (the worker died before reporting) answers from the record.
    if (order.state === 'COMPLETED') return { outcome: 'success', serviceOrderId: order.id, output: { serviceOrderId: order.id, state: order.state }, attempt };
    if (order.state === 'FAILED') return { outcome: 'failure', serviceOrderId: order.id, output: { serviceOrderId: order.id, state: order.state }, attempt };
    if (order.state === 'NEW') order = await move(order, 'READY', transitions);
    if (order.state === 'READY') order = await move(order, 'PROCESSING', transitions);

    const wire: WireServiceOrder = {
      serviceOrderId: order.id,
      action: params.action,
      serviceType: serviceType.code,
      priority: params.priority,
      subject: wireSubject(req.subject),
      fields: order.fields,
      ...(config.callbackBaseUrl ? { callbackUrl: `${config.callbackBaseUrl.replace(/\/+$/, '')}/api/service-orders/${order.id}/response` } : {}),
      ...(req.test ? { test: true } : {}),
    };
    const endpoints = req.test ? testEndpoints(provider, config.simulatorUrl) : undefined;
    await orders.recordExchange(order.id, { direction: 'request', payload: wire, note: `attempt ${attempt}` });

    ctx.heartbeat({ serviceOrderId: order.id });
    const beat = setInterval(() => ctx.heartbeat({ serviceOrderId: order.id }), HEARTBEAT_EVERY_MS);
    let answer;
    try {
      answer = await providerAdapter(deps.adapters, provider).sendOrder(provider, wire, {
        test: req.test,
        signal: ctx.cancellationSignal,
        ...(endpoints ? { endpoints } : {}),
      });
    } catch (err) {
      const details = (err instanceof ApplicationFailure ? err.details?.[0] : undefined) as ProviderFailureDetails | undefined;
      await orders.recordExchange(order.id, {
        direction: 'response',
        payload: details?.body ?? { error: err instanceof Error ? err.message : String(err) },
        ...(details?.httpStatus !== undefined ? { httpStatus: details.httpStatus } : {}),
        ...(details?.latencyMs !== undefined ? { latencyMs: details.latencyMs } : {}),
        note: err instanceof Error ? err.message : String(err),
      });
      throw err;
    } finally {
      clearInterval(beat);
    }
    await orders.recordExchange(order.id, { direction: 'response', payload: answer.body, httpStatus: answer.httpStatus, latencyMs: answer.latencyMs, note: answer.endpoint });
    if (answer.kind === 'accepted') return { outcome: 'accepted', serviceOrderId: order.id, output: { serviceOrderId: order.id }, attempt };

    const result: WireOrderResult = answer.result;
    await settle({
      serviceOrderId: order.id,
      status: result.status,
      transitions,
      providerCode: provider.code,
      subjectKey: req.serviceKey,
      ...(result.message ? { message: result.message } : {}),
      ...(result.state ? { payload: result.state } : {}),
    });
    const output = { serviceOrderId: order.id, status: result.status, ...(result.message ? { message: result.message } : {}), ...(result.state ? { state: result.state } : {}) };
    return { outcome: result.status === 'COMPLETED' ? 'success' : 'failure', serviceOrderId: order.id, output, attempt };
  }

  return { provisioning, settleServiceOrder: settle };
}
