import type { Client } from '@temporalio/client';
import { ACTION_TYPES } from '@signalbox/domain';
import type { ActionActivity } from './activity.types';
import { instrumentAdapters } from './adapters/instrumented';
import { createAdapterRegistry, type AdapterRegistry } from './adapters/registry';
import { batchActivities, type BatchPort } from './batches/batch.activities';
import { expressionActivities } from './expressions/expression.activities';
import { fileBatchActivities, temporalFileSpool } from './files/file-batch.activities';
import { letterBatchActivities, temporalLetterSpool } from './letters/letter-batch.activities';
import { billingActivities } from './billing/billing.activities';
import type { ActivitiesConfig } from './config';
import { messageActivities, type MessagePort } from './messages/message.activities';
import { messagingActivities } from './messaging/messaging.activities';
import type { MessageDeliveryPort, ProviderCallObserver, ProviderDirectory, ProviderThrottle, ServiceOrderPort, SlotPort, SnapshotLoader } from './ports';
import { orderTransitionActivities } from './orders/order-transitions';
import { maintenanceActivities } from './provisioning/maintenance.activities';
import { orderFlow } from './provisioning/order-flow';
import { provisioningActivities } from './provisioning/provisioning.activities';
import { reconciliationActivities, type ReconciliationPort } from './reconciliation/reconciliation.activities';
import { bulkActivities } from './runs/bulk.activities';
import { runsActivities } from './runs/runs.activities';
import { slotActivities } from './runs/slot.activities';
import { tmfActivities, type TmfPort } from './tmf/tmf.activities';
import { webhookActivities, type WebhookPort } from './webhooks/webhook.activities';
import { ridingStateChanges } from './webhooks/riding-state-changes';

export interface ActivityDeps {
  orders: ServiceOrderPort;
  /** Providers with their secrets (the worker reads them from the database). */
  providers: ProviderDirectory;
  config: ActivitiesConfig;
  /** Needed for order slots (grants are signalled) and linked runs. */
  temporal?: Client;
  /** Order slots as database rows; without them slots are taken from queue workflows. */
  slots?: SlotPort;
  snapshots?: SnapshotLoader;
  adapters?: AdapterRegistry;
  clock?: () => Date;
  /** Providers' shared token buckets (rate limit with burst). */
  throttle?: ProviderThrottle;
  /** Told of every provider request and how long it took (the worker's latency histogram). */
  observeProviderCall?: ProviderCallObserver;
  /** Batch definitions, subjects and run log (batch runs on schedules). */
  batches?: BatchPort;
  /** Correlated messages: the buffer and the registered message waits. */
  messages?: MessagePort;
  /** TMF641 orders and hub listeners. */
  tmf?: TmfPort;
  /** Reconciliations and their report lines. */
  reconciliations?: ReconciliationPort;
  /** Per-message delivery status of what communication steps send. */
  deliveries?: MessageDeliveryPort;
  /** Native webhooks: the outbox runs write to, subscriptions and their delivery log. */
  webhooks?: WebhookPort;
}

/**
 * Every activity the worker registers. Action types' activities are keyed by the action type's
 * key (libs/domain ACTION_TYPES), so the designer's palette and the runtime cannot disagree.
 */
export function createActivities(deps: ActivityDeps) {
  const temporalClient = () => {
    if (!deps.temporal) throw new Error('file and letter providers need the Temporal client (their open batch is a workflow)');
    return deps.temporal;
  };
  const registry =
    deps.adapters ??
    createAdapterRegistry({
      smsGatewayUrl: deps.config.smsGatewayUrl ?? `${(deps.config.simulatorUrl ?? 'http://127.0.0.1:4300').replace(/\/+$/, '')}/providers/sms-gateway`,
      smtp: deps.config.smtp,
      fileSpool: temporalFileSpool(temporalClient, deps.config.taskQueue),
      letterSpool: temporalLetterSpool(temporalClient, deps.config.taskQueue),
    });
  const adapters = deps.observeProviderCall ? instrumentAdapters(registry, deps.observeProviderCall) : registry;
  const slots = slotActivities({ ...(deps.temporal ? { temporal: deps.temporal } : {}), ...(deps.slots ? { slots: deps.slots } : {}), config: deps.config });
  const flow = orderFlow({
    orders: deps.orders,
    providers: deps.providers,
    ...(deps.throttle ? { throttle: deps.throttle } : {}),
    ...(deps.slots ? { slots: slots.orderSlots } : {}),
  });
  const provisioning = provisioningActivities({ flow, orders: deps.orders, adapters, config: deps.config });
  const clock = deps.clock ?? (() => new Date());
  const messaging = messagingActivities({ adapters, config: deps.config, providers: deps.providers, clock, ...(deps.deliveries ? { deliveries: deps.deliveries } : {}) });
  const billing = billingActivities({ flow, adapters, config: deps.config });
  const runs = runsActivities({ ...(deps.temporal ? { temporal: deps.temporal } : {}), ...(deps.snapshots ? { snapshots: deps.snapshots } : {}), clock, config: deps.config });

  const batches = batchActivities({
    ...(deps.batches ? { batches: deps.batches } : {}),
    ...(deps.temporal ? { temporal: deps.temporal } : {}),
    ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
    clock,
    config: deps.config,
  });

  const webhooks = webhookActivities({ ...(deps.webhooks ? { webhooks: deps.webhooks } : {}), clock, config: deps.config });
  const riding = ridingStateChanges(webhooks.recordRunStateChange);
  const actions = {
    provisioning: riding(provisioning.provisioning),
    communication: riding(messaging.communication),
    'credit-control': riding(billing.creditControl),
    'subscription-service': riding(billing.subscriptionService),
    'account-type-movement': riding(billing.accountTypeMovement),
    'http-call': riding(billing.httpCall),
  } satisfies Record<string, ActionActivity>;

  return {
    ...actions,
    settleServiceOrder: provisioning.settleServiceOrder,
    concludeServiceOrder: provisioning.concludeServiceOrder,
    ...orderTransitionActivities({ orders: deps.orders }),
    ...maintenanceActivities(),
    renderMessage: messaging.renderMessage,
    notifyFailure: messaging.notifyFailure,
    enqueueServiceOrder: runs.enqueueServiceOrder,
    ...slots.activities,
    startLinkedRun: runs.startLinkedRun,
    ...messageActivities({ ...(deps.messages ? { messages: deps.messages } : {}) }),
    ...expressionActivities(),
    ...batches,
    ...bulkActivities(deps.temporal ? { temporal: deps.temporal } : {}),
    ...tmfActivities({
      ...(deps.tmf ? { tmf: deps.tmf } : {}),
      ...(deps.temporal ? { temporal: deps.temporal } : {}),
      ...(deps.snapshots ? { snapshots: deps.snapshots } : {}),
      clock,
      config: deps.config,
    }),
    ...webhooks,
    ...fileBatchActivities({ files: adapters.file, providers: deps.providers, orders: deps.orders }),
    ...letterBatchActivities({ letters: adapters.letters, providers: deps.providers }),
    ...reconciliationActivities({
      ...(deps.reconciliations ? { reconciliations: deps.reconciliations } : {}),
      ...(deps.throttle ? { throttle: deps.throttle } : {}),
      flow,
      providers: deps.providers,
      adapters,
      config: deps.config,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;

/** Fails fast (at worker start) when an action type has no activity. */
export function assertEveryActionTypeImplemented(activities: Record<string, unknown>, keys: readonly string[] = ACTION_TYPES.map((t) => t.key)): void {
  const missing = keys.filter((key) => typeof activities[key] !== 'function');
  if (missing.length > 0) {
    throw new Error(`no activity implements the action type(s) ${missing.join(', ')}: add one in libs/activities (docs/adding-an-action-type.md)`);
  }
}
