import type { PinnedNodeResult } from '@signalbox/domain';
import type { RunState } from '@signalbox/contracts';

/**
 * What a test run's steps left, as `nodes.<id>` reads it: each step's outcome and output as the run
 * view shows them. Steps that have not finished (no outcome) are left out.
 */
export function pinnedNodesOfRun(state: RunState | null): Record<string, PinnedNodeResult> {
  const nodes: Record<string, PinnedNodeResult> = {};
  for (const [id, node] of Object.entries(state?.nodes ?? {})) {
    if (node.outcome === undefined || node.kind === 'start' || node.kind === 'end') continue;
    nodes[id] = { outcome: node.outcome, ...(node.output === undefined ? {} : { output: node.output }) };
  }
  return nodes;
}
