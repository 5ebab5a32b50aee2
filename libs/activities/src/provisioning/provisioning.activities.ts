import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ProvisioningParameters } from '@signalbox/domain';
import type { WireServiceOrder } from '@signalbox/contracts';
import type { ActionRequest, ActionResult } from '../activity.types';
import { providerAdapter, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { ServiceOrderPort } from '../ports';
import { buildOrderFields, wireSubject } from './order-fields';
import { wireAnswer } from './wire-answer';
import type { OrderFlow } from './order-flow';
import { settledOutput } from './settled-output';
import { concludeServiceOrder } from './order-conclusion';
import { testEndpoints } from './test-routing';
import { checkDistributorRules, conditionalAccessField } from './distributor-rules';
import { orderKindDetail, type OrderToSend } from './order-kind';

export interface ProvisioningDeps {
  flow: OrderFlow;
  orders: ServiceOrderPort;
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
}

export function provisioningActivities(deps: ProvisioningDeps) {
  const { flow, config } = deps;

  async function provisioning(req: ActionRequest): Promise<ActionResult> {
    const attempt = Context.current().info.attempt;
    const params = ProvisioningParameters.parse(req.actionCode.parameters);
    const serviceType = req.serviceType;
    if (!serviceType || !req.serviceOrderId || !req.serviceKey) {
      throw ApplicationFailure.nonRetryable('a provisioning request needs its service type, order id and service key', 'BadRequest');
    }
    const kindDetail = orderKindDetail(params, req.subject, req.data);
    if ('skipped' in kindDetail) return { outcome: 'success', output: { skipped: true, reason: kindDetail.skipped }, attempt };
    const detail: OrderToSend = kindDetail;
    const provider = await flow.loadProvider(req, params.provider);
    const endpoints = req.test ? testEndpoints(provider, config.simulatorUrl) : undefined;
    const outcome = await flow.place(
      {
        id: req.serviceOrderId,
        serviceKey: req.serviceKey,
        provider,
        serviceType: serviceType.code,
        transitions: serviceType.transitions,
        action: detail.action,
        kind: detail.kind,
        priority: params.priority,
        mode: req.mode ?? params.mode ?? serviceType.defaultMode,
        fields: { ...buildOrderFields([...serviceType.fields, ...params.fields], req.subject, req.data, req.inputs), ...conditionalAccessField(provider, serviceType.code) },
        subject: req.subject,
        runWorkflowId: req.workflowId,
        nodeId: req.nodeId,
        isTest: req.test,
        updatesStatus: true,
        ...(req.slot ? { claim: req.slot } : {}),
      },
      (order) => wire(order),
      async (order, signal) => {
        await checkDistributorRules(deps.orders, provider, { serviceType: serviceType.code, action: detail.action, subject: req.subject, serviceKey: req.serviceKey! });
        return wireAnswer(await providerAdapter(deps.adapters, provider).sendOrder(provider, wire(order), { test: req.test, signal, ...(endpoints ? { endpoints } : {}) }));
      },
    );

    function wire(order: { id: string; fields: Record<string, unknown> }): WireServiceOrder {
      return {
        serviceOrderId: order.id,
        action: detail.action,
        serviceType: serviceType!.code,
        priority: params.priority,
        subject: wireSubject(req.subject),
        fields: order.fields,
        ...detail.wire,
        ...(config.callbackBaseUrl ? { callbackUrl: `${config.callbackBaseUrl.replace(/\/+$/, '')}/api/service-orders/${order.id}/response` } : {}),
        ...(req.test ? { test: true } : {}),
      };
    }

    if (outcome.kind === 'not-sent') return { outcome: 'not-sent', slot: outcome.slot, attempt };
    const id = outcome.order.id;
    if (outcome.kind === 'accepted') return { outcome: 'accepted', serviceOrderId: id, output: { serviceOrderId: id }, attempt };
    const { verdict } = outcome;
    return {
      outcome: verdict.status === 'COMPLETED' ? 'success' : 'failure',
      serviceOrderId: id,
      output: settledOutput(id, verdict),
      attempt,
      ...(outcome.slot ? { slot: outcome.slot } : {}),
    };
  }

  return {
    provisioning,
    settleServiceOrder: (req: Parameters<OrderFlow['settle']>[0]) => flow.settle(req),
    concludeServiceOrder: concludeServiceOrder(deps.orders, flow.settle),
  };
}

