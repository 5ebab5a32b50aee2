import { canTransition, type OrderState, type Transition } from '@signalbox/domain';
import type { ServiceOrderPort } from '../ports';
import type { OrderFlow, OrderVerdict } from './order-flow';
import { answerOnRecord, NO_ANSWER } from './order-record';
import { settledOutput } from './settled-output';

/** What a run asks when it has no answer from Temporal (its wait ran out, or the send timed out). */
export interface ConcludeOrderRequest {
  serviceOrderId: string;
  transitions: readonly Transition[];
  providerCode: string;
  subjectKey: string;
  /**
   * With no answer on record: move the order to FAILED with this note (if its state machine
   * allows; an illegal transition is never tried). Without it, the order is only read.
   */
  failWith?: string;
}

export type OrderConclusion =
  /** The provider answered (recorded in the order's log): the step settles with that answer. */
  | { kind: 'answered'; verdict: OrderVerdict; /** The step's output, shaped as the sending activity's. */ output: Record<string, unknown> }
  /** No answer on record; the order's state now (FAILED when `failWith` was given and allowed). */
  | { kind: 'unanswered'; state: OrderState }
  /** The order was never created: no worker ever sent it. */
  | { kind: 'absent' };

/**
 * The database is the source of truth for an order's answer: a signal lost while Temporal was
 * unavailable, or an activity whose completion arrived after its timeout, leaves the answer in the
 * order's record. This reads it, applies a recorded but unapplied answer (a callback), and only
 * when the record holds none fails the order.
 */
export function concludeServiceOrder(orders: ServiceOrderPort, settle: OrderFlow['settle']) {
  return async function conclude(req: ConcludeOrderRequest): Promise<OrderConclusion> {
    // A concurrent change (the late activity settling) is re-read once: the record then decides.
    for (let round = 0; ; round++) {
      const order = await orders.get(req.serviceOrderId);
      if (!order) return { kind: 'absent' };
      const answer = answerOnRecord(order);
      if (answer && (order.state === 'COMPLETED' || order.state === 'FAILED')) return answered(order.id, answer);
      const base = { serviceOrderId: order.id, transitions: req.transitions, providerCode: req.providerCode, subjectKey: req.subjectKey };
      if (answer && canTransition(req.transitions, order.state, answer.status)) {
        const settled = await settle({ ...base, status: answer.status, ...(answer.message ? { message: answer.message } : {}), ...(answer.state ? { payload: answer.state } : {}) });
        if (settled.applied) return answered(order.id, answer);
      } else if (!req.failWith || order.state === 'FAILED' || !canTransition(req.transitions, order.state, 'FAILED')) {
        return { kind: 'unanswered', state: order.state };
      } else {
        const failed = await orders.transition(order.id, 'FAILED', { transitions: req.transitions, from: order.state, note: req.failWith, payload: NO_ANSWER });
        if (failed.applied) return { kind: 'unanswered', state: 'FAILED' };
      }
      if (round >= 1) return { kind: 'unanswered', state: order.state };
    }
  };
}

const answered = (id: string, verdict: OrderVerdict): OrderConclusion => ({ kind: 'answered', verdict, output: settledOutput(id, verdict) });
