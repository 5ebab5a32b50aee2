import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_TRANSITIONS, type OrderAction, type Provider } from '@signalbox/domain';
import {
  ordersToSync,
  RECONCILIATION_LIMITS,
  reconciliationWorkflowId,
  serviceDifferences,
  type ReconciliationSelection,
  type SubjectToSync,
  type WireServiceOrder,
} from '@signalbox/contracts';
import type { ReconciliationLine, ReconciliationStore } from '@signalbox/persistence';
import type { AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { ProviderDirectory, ProviderThrottle } from '../ports';
import { uuidFromSeed, type OrderFlow } from '../provisioning/order-flow';
import { wireSubject } from '../provisioning/order-fields';
import { takeProviderToken } from '../provisioning/provider-tokens';
import { wireAnswer } from '../provisioning/wire-answer';

/** What the reconciliation activities need of the store (the real one is @signalbox/persistence's). */
export type ReconciliationPort = Pick<ReconciliationStore, 'get' | 'subjectPage' | 'writeLine' | 'recordSync' | 'finish' | 'lastOrder' | 'transitions'>;

export interface ReconciliationDeps {
  reconciliations?: ReconciliationPort;
  flow: OrderFlow;
  providers: ProviderDirectory;
  adapters: AdapterRegistry;
  throttle?: ProviderThrottle;
  config: ActivitiesConfig;
}

export interface ComparePageRequest {
  id: string;
  provider: string;
  cursor?: string;
}

export interface ComparePageResult {
  /** Where the next page starts; undefined when this was the last. */
  next?: string;
  compared: number;
  /** Out-of-line subjects that orders can bring back (dry runs get them too, to report; they send nothing). */
  toSync: SubjectToSync[];
  /** A `sync` provider takes one order at a time: the workflow then holds the provider's slot too. */
  providerMode: 'sync' | 'async';
}

export interface SyncSubjectRequest {
  id: string;
  provider: string;
  subject: SubjectToSync;
}

export function reconciliationActivities(deps: ReconciliationDeps) {
  function store(): ReconciliationPort {
    if (!deps.reconciliations) throw ApplicationFailure.nonRetryable('this worker was built without a reconciliation store', 'Misconfigured');
    return deps.reconciliations;
  }

  /** Reconciliation reads state back, which only the HTTP protocol (and the simulator) offers. */
  async function httpProvider(code: string): Promise<Provider> {
    const provider = await deps.providers.load(code);
    if (!provider) throw ApplicationFailure.nonRetryable(`provider ${code} is not in the catalog`, 'UnknownProvider');
    if (provider.protocol !== 'http') throw ApplicationFailure.nonRetryable(`provider ${code} uses the ${provider.protocol} protocol, which cannot report a subscriber's state`, 'NoStateReader');
    return provider;
  }

  async function selectionOf(id: string): Promise<ReconciliationSelection> {
    const row = await store().get(id);
    if (!row) throw ApplicationFailure.nonRetryable(`reconciliation ${id} is not in the database`, 'ReconciliationGone');
    return row.selection;
  }

  /**
   * Compares one page of subjects: reads each one's state from the provider (through its rate
   * limit), writes its report line and returns the ones orders can bring back. A page repeated
   * after a worker restart rewrites the same lines.
   */
  async function compareReconciliationPage(req: ComparePageRequest): Promise<ComparePageResult> {
    const ctx = Context.current();
    const provider = await httpProvider(req.provider);
    const selection = await selectionOf(req.id);
    const page = await store().subjectPage(req.provider, selection, req.cursor, RECONCILIATION_LIMITS.pageSize);
    const toSync: SubjectToSync[] = [];
    for (const recorded of page) {
      ctx.heartbeat({ subjectKey: recorded.subjectKey });
      await takeProviderToken(deps.throttle, provider, ctx);
      let read: Awaited<ReturnType<AdapterRegistry['http']['readSubject']>>;
      try {
        read = await deps.adapters.http.readSubject(provider, recorded.subjectKey, { signal: ctx.cancellationSignal });
      } catch (err) {
        // A refusal for one subject is reported on its line; an unavailable provider fails the page (Temporal retries it).
        if (!(err instanceof ApplicationFailure && err.nonRetryable)) throw err;
        await store().writeLine(req.id, { subjectKey: recorded.subjectKey, verdict: 'unreadable', differences: [], providerState: null, detail: err.message, sync: 'none' });
        continue;
      }
      const line = judge(recorded.state, read.state);
      await store().writeLine(req.id, { subjectKey: recorded.subjectKey, providerState: read.state ?? null, ...line.line });
      if (line.orders.length > 0) toSync.push({ subjectKey: recorded.subjectKey, orders: line.orders });
    }
    const next = page.length === RECONCILIATION_LIMITS.pageSize ? page[page.length - 1].subjectKey : undefined;
    return { ...(next === undefined ? {} : { next }), compared: page.length, toSync, providerMode: provider.mode };
  }

  /**
   * Sends one subject's orders, one after another, through the normal order path (service-order
   * record, state machine, exchange log, the provider's token bucket). The workflow holds the
   * service's slot meanwhile. Order ids derive from the reconciliation, subject, service type and
   * action, so a retry or a restarted worker finds the same orders and the provider deduplicates.
   */
  async function syncReconciledSubject(req: SyncSubjectRequest): Promise<{ synced: boolean }> {
    const provider = await httpProvider(req.provider);
    const sent: ReconciliationLine['orders'] = [];
    let failure: string | undefined;
    for (const planned of req.subject.orders) {
      const last = await store().lastOrder(req.provider, req.subject.subjectKey, planned.serviceType);
      const subject = last?.subject ?? { serviceId: req.subject.subjectKey };
      const fields = last?.fields ?? {};
      const id = reconciliationOrderId(req.id, req.subject.subjectKey, planned.serviceType, planned.action);
      const wire = (orderId: string): WireServiceOrder => ({
        serviceOrderId: orderId,
        action: planned.action,
        serviceType: planned.serviceType,
        priority: last?.priority ?? 'normal',
        subject: wireSubject(subject),
        fields,
        ...(deps.config.callbackBaseUrl ? { callbackUrl: `${deps.config.callbackBaseUrl.replace(/\/+$/, '')}/api/service-orders/${orderId}/response` } : {}),
      });
      const outcome = await deps.flow.place(
        {
          id,
          serviceKey: last?.serviceKey ?? req.subject.subjectKey,
          provider,
          serviceType: planned.serviceType,
          transitions: (await store().transitions(planned.serviceType)) ?? DEFAULT_TRANSITIONS,
          action: planned.action,
          priority: last?.priority ?? 'normal',
          mode: 'confirmed',
          fields,
          subject,
          runWorkflowId: reconciliationWorkflowId(req.id),
          nodeId: 'reconcile',
          isTest: false,
          updatesStatus: true,
        },
        (order) => wire(order.id),
        async (order, signal) => wireAnswer(await deps.adapters.http.sendOrder(provider, wire(order.id), { signal })),
      );
      const state = outcome.kind === 'settled' ? outcome.order.state : 'PROCESSING';
      sent.push({ serviceOrderId: id, serviceType: planned.serviceType, action: planned.action, state });
      if (outcome.kind !== 'settled' || outcome.verdict.status !== 'COMPLETED') {
        failure = outcome.kind === 'settled' ? (outcome.verdict.message ?? 'the provider refused the order') : 'the provider accepted the order and has not answered yet';
        break;
      }
    }
    await store().recordSync(req.id, req.subject.subjectKey, failure ? 'failed' : 'synced', sent, failure);
    return { synced: failure === undefined };
  }

  async function finishReconciliation(req: { id: string; status: 'done' | 'failed'; error?: string }): Promise<void> {
    await store().finish(req.id, req.status, req.error);
  }

  return { compareReconciliationPage, syncReconciledSubject, finishReconciliation };
}

/** The report line for one subject, and the orders that would bring the provider back in line. */
function judge(expected: Record<string, unknown> | null, actual: Record<string, unknown> | undefined): { line: Omit<ReconciliationLine, 'subjectKey' | 'providerState' | 'checkedAt' | 'orders'>; orders: SubjectToSync['orders'] } {
  if (expected === null) {
    return { line: { verdict: 'missing-in-signalbox', differences: [], detail: actual ? 'the provider knows this subject; Signalbox has no provisioning status for it' : 'neither side knows this subject', sync: 'none' }, orders: [] };
  }
  const differences = serviceDifferences(expected, actual);
  if (differences.length === 0) return { line: { verdict: 'in-sync', differences, detail: null, sync: 'none' }, orders: [] };
  const orders = differences.flatMap((d) => ordersToSync(d.expected, d.actual).map((action: OrderAction) => ({ serviceType: d.serviceType, action })));
  const unresolvable = differences.filter((d) => ordersToSync(d.expected, d.actual).length === 0);
  return {
    line: {
      verdict: actual ? 'differs' : 'missing-at-provider',
      differences,
      detail: unresolvable.length ? `no order brings back ${unresolvable.map((d) => `${d.serviceType} (${d.actual ?? 'absent'} → ${d.expected})`).join(', ')}` : null,
      sync: orders.length === 0 ? 'unresolvable' : 'pending',
    },
    orders,
  };
}

/** Fixed by the reconciliation, subject, service type and action. */
export function reconciliationOrderId(id: string, subjectKey: string, serviceType: string, action: OrderAction): string {
  return uuidFromSeed(['reconcile', id, subjectKey, serviceType, action].join('\n'));
}
