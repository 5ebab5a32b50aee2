import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderAction, OrderKind, OrderState, ProvisioningMode, Provider, Subject, Transition } from '@signalbox/domain';
import type { NewExchange, ServiceOrder } from '@signalbox/persistence';
import type { ActionRequest, SettleOrderRequest, SlotAnswer, SlotClaim } from '../activity.types';
import type { HttpExchange, ProviderFailureDetails } from '../adapters/http-provider.adapter';
import type { ProviderDirectory, ProviderThrottle, ServiceOrderPort } from '../ports';
import { answerOnRecord } from './order-record';
import { providerAtSend } from './provider-at-send';
import { takeProviderToken } from './provider-tokens';

/** Heartbeat while waiting on a provider, so an unbounded confirm (timeout 0) stays observable. */
const HEARTBEAT_EVERY_MS = 2_000;

/** What a settled answer says about the order. */
export interface OrderVerdict {
  status: Extract<OrderState, 'COMPLETED' | 'FAILED'>;
  message?: string;
  /** The provider's view of the subscriber: stored as the provisioning status on success. */
  state?: Record<string, unknown>;
}

/** One answer from a provider; no verdict means it accepted the order and will answer later. */
export type ProviderAnswer = HttpExchange & { verdict?: OrderVerdict };

export interface OrderPlan {
  /** Fixed for the step (the run's id, or `orderIdFor`): a retry finds the same order and the provider deduplicates on it. */
  id: string;
  serviceKey: string;
  provider: Provider;
  serviceType: string;
  transitions: readonly Transition[];
  action: OrderAction;
  /** What the order is about; `service` when absent. */
  kind?: OrderKind;
  priority: 'normal' | 'express';
  mode: ProvisioningMode;
  fields: Record<string, unknown>;
  subject: Subject;
  runWorkflowId: string;
  nodeId: string;
  isTest: boolean;
  /** Whether a COMPLETED answer updates the provisioning status of (provider, service key). */
  updatesStatus: boolean;
  /** Take the order's slot here (the request id is the order's id) and hand it back once settled. */
  claim?: SlotClaim;
}

export type OrderOutcome =
  | {
      kind: 'settled';
      order: ServiceOrder;
      verdict: OrderVerdict;
      /** Answered from the record: an earlier attempt settled it. */
      replayed: boolean;
      /** What became of the plan's slot claim. */
      slot?: SlotAnswer;
    }
  | { kind: 'accepted'; order: ServiceOrder }
  /**
   * Nothing was created or sent: the claimed slot is taken (`busy`: the run waits for its grant
   * and asks again) or cannot be taken here (`unclaimed`: the run takes it, then asks again).
   */
  | { kind: 'not-sent'; slot: 'busy' | 'unclaimed' };

/** Order slots as the order's activity takes them (slot.activities.ts `orderSlots`). */
export interface OrderSlotPort {
  /** `unclaimed` when the slot cannot be taken as a row here (the service still has a queue workflow). */
  claim(claim: SlotClaim, requestId: string, runWorkflowId: string): Promise<'granted' | 'busy' | 'unclaimed'>;
  /** Hands the slot back and signals the runs it is granted to. */
  release(queueKey: string, requestId: string): Promise<void>;
}

export interface OrderFlowDeps {
  orders: ServiceOrderPort;
  providers: ProviderDirectory;
  /** Rate limit with burst across processes; without it only Temporal's queue limit applies. */
  throttle?: ProviderThrottle;
  /** Order slots as rows; without them a claim is answered `unclaimed` and the run takes the slot. */
  slots?: OrderSlotPort;
}

/**
 * The one path every provider exchange takes: create the service order (idempotent by id) →
 * NEW → READY → PROCESSING through the service type's state machine → log the request → send
 * through the adapter → log the answer (or the failure) → COMPLETED | FAILED, updating the
 * provisioning status on success. Provisioning, credit control, subscription services and HTTP
 * calls all use it, so `GET /api/service-orders` shows every exchange with a provider.
 */
export function orderFlow(deps: OrderFlowDeps) {
  const { orders } = deps;

  /**
   * The provider to send with: its non-secret settings from the run's snapshot, its endpoints and
   * secrets live; a provider without secrets may come from the snapshot alone.
   */
  async function loadProvider(req: ActionRequest, code: string): Promise<Provider> {
    const provider = await deps.providers.load(code);
    if (provider) return providerAtSend(provider, req.provider);
    if (req.provider && req.provider.auth.type === 'none') return req.provider as Provider;
    throw ApplicationFailure.nonRetryable(`provider ${code} is not in the catalog`, 'UnknownProvider');
  }

  /**
   * COMPLETED/FAILED with the provider's answer; on success, the provisioning status is updated.
   * `answer` (the provider's response) is logged in the same transaction, ahead of the change.
   */
  async function settle(req: SettleOrderRequest, updatesStatus = true, answer?: NewExchange): Promise<{ state: string; applied: boolean }> {
    const result = await orders.transition(req.serviceOrderId, req.status, {
      transitions: req.transitions,
      ...(req.message ? { note: req.message } : {}),
      ...(req.payload ? { payload: req.payload } : {}),
      ...(answer ? { before: answer } : {}),
      ...(req.status === 'COMPLETED' && updatesStatus
        ? { provisioningStatus: { providerCode: req.providerCode, subjectKey: req.subjectKey, state: req.payload ?? {}, orderId: req.serviceOrderId } }
        : {}),
    });
    return { state: result.order.state, applied: result.applied };
  }

  /**
   * Runs `send` for the order inside the activity. `request` is what the log shows as sent.
   * A failure is logged as the response; when no retry will follow (non-retryable, or the last
   * attempt of the retry policy) the order is also moved to FAILED before the error is rethrown.
   */
  async function place(plan: OrderPlan, request: (order: ServiceOrder) => unknown, send: (order: ServiceOrder, signal: AbortSignal) => Promise<ProviderAnswer>): Promise<OrderOutcome> {
    const ctx = Context.current();
    const attempt = ctx.info.attempt;
    // The slot first, so an order waiting for its service is not created until its turn.
    if (plan.claim) {
      const taken = deps.slots ? await deps.slots.claim(plan.claim, plan.id, plan.runWorkflowId) : 'unclaimed';
      if (taken !== 'granted') return { kind: 'not-sent', slot: taken };
    }
    const handBack = async (): Promise<SlotAnswer | undefined> => {
      if (!plan.claim || !deps.slots) return undefined;
      await deps.slots.release(plan.claim.queueKey, plan.id);
      return 'released';
    };
    let order = await orders.create({
      id: plan.id,
      serviceKey: plan.serviceKey,
      providerCode: plan.provider.code,
      serviceType: plan.serviceType,
      action: plan.action,
      ...(plan.kind ? { kind: plan.kind } : {}),
      priority: plan.priority,
      mode: plan.mode,
      fields: plan.fields,
      subject: plan.subject,
      runWorkflowId: plan.runWorkflowId,
      nodeId: plan.nodeId,
      isTest: plan.isTest,
    });
    // A retry after the order was settled (the worker died before reporting) answers from the
    // record, with the answer the first attempt settled it with: the step's output keeps one shape.
    if (order.state === 'COMPLETED' || order.state === 'FAILED') {
      const recorded = await orders.get(order.id);
      // The slot this attempt took (or one the settling attempt never got to hand back) goes back.
      return { kind: 'settled', order, verdict: (recorded && answerOnRecord(recorded)) ?? { status: order.state }, replayed: true, ...withSlot(await handBack()) };
    }
    // The provider's token before the order moves on: a throttled order waits as READY, not PROCESSING.
    await takeProviderToken(deps.throttle, plan.provider, ctx);
    const sent: NewExchange = { direction: 'request', payload: request(order), note: `attempt ${attempt}` };
    // NEW → READY → PROCESSING and the request's log line in one transaction (a retry finds it
    // part-way and goes on from there); an order already PROCESSING only logs this attempt.
    if (order.state === 'NEW' || order.state === 'READY') {
      const moved = await orders.advance(order.id, ['NEW', 'READY', 'PROCESSING'], { transitions: plan.transitions, after: sent });
      if (!moved.applied) throw ApplicationFailure.nonRetryable(`service order ${order.id}: ${moved.reason}`, 'TransitionRefused');
      order = moved.order;
    } else {
      await orders.recordExchange(order.id, sent);
    }

    const settleWith = (verdict: OrderVerdict, answer?: NewExchange) =>
      settle(
        {
          serviceOrderId: order.id,
          status: verdict.status,
          transitions: plan.transitions,
          providerCode: plan.provider.code,
          subjectKey: plan.serviceKey,
          ...(verdict.message ? { message: verdict.message } : {}),
          ...(verdict.state ? { payload: verdict.state } : {}),
        },
        plan.updatesStatus,
        answer,
      );

    ctx.heartbeat({ serviceOrderId: order.id });
    const beat = setInterval(() => ctx.heartbeat({ serviceOrderId: order.id }), HEARTBEAT_EVERY_MS);
    let answer: ProviderAnswer;
    try {
      answer = await send(order, ctx.cancellationSignal);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const details = (err instanceof ApplicationFailure ? err.details?.[0] : undefined) as ProviderFailureDetails | undefined;
      const failure: NewExchange = {
        direction: 'response',
        payload: details?.body ?? { error: message },
        ...(details?.httpStatus !== undefined ? { httpStatus: details.httpStatus } : {}),
        ...(details?.latencyMs !== undefined ? { latencyMs: details.latencyMs } : {}),
        note: message,
      };
      // The last attempt fails the order with the failure logged in the same transaction.
      if (!ctx.cancellationSignal.aborted && isLastAttempt(err, attempt, ctx.info.retryPolicy?.maximumAttempts)) await settleWith({ status: 'FAILED', message }, failure);
      else await orders.recordExchange(order.id, failure);
      throw err;
    } finally {
      clearInterval(beat);
    }
    const received: NewExchange = { direction: 'response', payload: answer.body, httpStatus: answer.httpStatus, latencyMs: answer.latencyMs, note: answer.endpoint };
    // Accepted: the slot stays taken until the provider's answer settles the order in the run.
    if (!answer.verdict) {
      await orders.recordExchange(order.id, received);
      return { kind: 'accepted', order };
    }
    // The answer and the state it settles the order in, one transaction.
    const settled = await settleWith(answer.verdict, received);
    return { kind: 'settled', order: { ...order, state: settled.state as OrderState }, verdict: answer.verdict, replayed: false, ...withSlot(await handBack()) };
  }

  return { loadProvider, settle, place, get: (id: string) => orders.get(id) };
}

export type OrderFlow = ReturnType<typeof orderFlow>;

function isLastAttempt(err: unknown, attempt: number, maximumAttempts: number | undefined): boolean {
  if (err instanceof ApplicationFailure && err.nonRetryable) return true;
  return maximumAttempts !== undefined && maximumAttempts > 0 && attempt >= maximumAttempts;
}

/**
 * A service-order id for a step whose run did not choose one: a UUID derived from the run, the
 * node and the activity id, which stay the same across the activity's retries (and a worker's
 * restart), so every attempt finds the same order and carries the same idempotency key.
 */
export function orderIdFor(req: ActionRequest): string {
  const info = Context.current().info;
  return uuidFromSeed([info.workflowExecution?.workflowId ?? req.workflowId, info.workflowExecution?.runId ?? '', req.nodeId, info.activityId].join('\n'));
}

/** A UUID (version 8, application-defined) fixed by `seed`: the same seed always gives the same id. */
export function uuidFromSeed(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8: application-defined
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function withSlot(slot: SlotAnswer | undefined): { slot?: SlotAnswer } {
  return slot ? { slot } : {};
}
