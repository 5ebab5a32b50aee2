import type { RunState } from './temporal';

/**
 * What an open TMF item's run is doing, as the order reports it: running (`inProgress`), parked
 * as an incident until an operator acts (`held`), or waiting for a message — information only the
 * orderer can send (`pending`, with a ServiceOrderInformationRequiredEvent saying what to send).
 */
export type TmfItemPhase =
  | { state: 'inProgress' }
  | { state: 'held'; reason: string }
  | { state: 'pending'; message: string; correlateBy: string[] };

/** The phase of a run from its state query; an incident wins over a wait that is also open. */
export function tmfItemPhaseOf(run: Pick<RunState, 'status' | 'nodes' | 'incidents'>): TmfItemPhase {
  const parked = run.incidents?.[0];
  if (parked) return { state: 'held', reason: `step ${parked.nodeId} ended ${parked.outcome} and waits for an operator: ${parked.error}` };
  if (run.status === 'Incident') return { state: 'held', reason: 'a step waits for an operator' };
  const nodes = Object.values(run.nodes).sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  for (const node of nodes) {
    const input = node.input as { message?: unknown; correlationKeys?: Record<string, unknown>; registered?: boolean } | undefined;
    // Registered: the buffer had nothing for it, so the wait truly needs a new message.
    if (node.kind === 'wait' && node.status === 'in-progress' && typeof input?.message === 'string' && input.registered === true) {
      return { state: 'pending', message: input.message, correlateBy: Object.keys(input.correlationKeys ?? {}).sort() };
    }
  }
  return { state: 'inProgress' };
}

/** Same phase (the workflow reports a change only). */
export const sameTmfItemPhase = (a: TmfItemPhase, b: TmfItemPhase) => JSON.stringify(a) === JSON.stringify(b);
