import { ActivityFailure, ApplicationFailure, TimeoutFailure, isCancellation } from '@temporalio/workflow';
import type { NodeStatus } from '@signalbox/contracts';

export interface StepResult {
  /** The outgoing handle the run follows. */
  outcome: string;
  status: NodeStatus;
  output?: unknown;
  error?: string;
  attempt?: number;
  /** What the order's activity did with the slot it was asked to take (order-slots.ts). */
  slot?: 'busy' | 'released' | 'unclaimed';
}

/**
 * An order activity's answer about the slot it was asked to take: `busy` or `unclaimed` means
 * nothing was sent (order-slots.ts waits or takes the slot, then sends again).
 */
export function notSent(slot: StepResult['slot']): StepResult | undefined {
  return slot === 'busy' || slot === 'unclaimed' ? { outcome: 'not-sent', status: 'awaiting-network', slot } : undefined;
}

/** `released`: the activity handed the slot back with its answer (the run has nothing to hand back). */
export function handedBack(slot: StepResult['slot']): Pick<StepResult, 'slot'> {
  return slot === 'released' ? { slot } : {};
}

/** `timeout` when the activity ran out of time, `failure` otherwise; cancellation propagates. */
export function failureOutcome(err: unknown): StepResult {
  if (isCancellation(err)) throw err;
  if (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) {
    return { outcome: 'timeout', status: 'timed-out', error: describe(err) };
  }
  return { outcome: 'failure', status: 'failed', error: describe(err) };
}

export function describe(err: unknown): string {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof TimeoutFailure) return `timed out (${cause.timeoutType === undefined ? 'timeout' : String(cause.timeoutType)})`;
    if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}
