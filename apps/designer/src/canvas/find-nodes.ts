import type { ActionCode } from '@signalbox/domain';
import type { FlowNode } from './graph.adapter';
import { describeNode } from './nodes/node-display';

export interface FindMatch {
  id: string;
  title: string;
}

/**
 * The steps whose title (as drawn on the node), id or action code contains `query`, ignoring
 * case, in canvas order. One pass over the nodes: cheap enough per keystroke at 2,000 steps.
 */
export function findNodes(nodes: readonly FlowNode[], query: string, actionCodes: ReadonlyMap<string, ActionCode>): FindMatch[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const out: FindMatch[] = [];
  for (const n of nodes) {
    const node = n.data.node;
    const { title } = describeNode(node, actionCodes);
    const code = node.kind === 'action' ? node.actionCode : '';
    if (title.toLowerCase().includes(needle) || n.id.toLowerCase().includes(needle) || (code && code.toLowerCase().includes(needle))) out.push({ id: n.id, title });
  }
  return out;
}

/** The next index when cycling through `count` matches (Enter forwards, Shift+Enter back), wrapping. */
export function cycle(index: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (index < 0) return step === 1 ? 0 : count - 1;
  return (index + step + count) % count;
}
