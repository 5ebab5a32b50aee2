import { formatDuration, parseDuration } from '../common/duration';
import type { GraphNode, NodeOfKind, WorkflowGraph } from '../graph/graph.schema';
import { NodeName } from './describe';
import type { WorkflowProblem } from './problem';

type LinkNode = NodeOfKind<'link-event'>;

/** A link raises its event only later (at least `minMs` later): a delay on the link or a schedule on the node. */
export function isDelayedLink(node: LinkNode, minMs = 1): boolean {
  if (node.delay !== undefined && safeDuration(node.delay) >= minMs) return true;
  if (node.schedule?.type === 'delay') return safeDuration(node.schedule.duration) >= minMs;
  return node.schedule?.type === 'at';
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

const isLink = (n: GraphNode): n is LinkNode => n.kind === 'link-event';

/**
 * A link-event to the workflow's own event code without a delay, or a chain of immediate links
 * (through other event codes' published workflows) that leads back here: either would start runs
 * forever.
 */
export function checkLinkedEvents(
  graph: WorkflowGraph,
  eventCode: string | undefined,
  publishedGraphs: ReadonlyMap<string, WorkflowGraph> | undefined,
  minDelayMs = 1,
): WorkflowProblem[] {
  if (!eventCode) return [];
  const immediateLinks = new Map<string, string[]>();
  for (const [code, other] of publishedGraphs ?? []) {
    if (code === eventCode) continue;
    immediateLinks.set(code, linkTargets(other, minDelayMs));
  }
  immediateLinks.set(eventCode, linkTargets(graph, minDelayMs));

  const problems: WorkflowProblem[] = [];
  for (const node of graph.nodes.filter(isLink).sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (isDelayedLink(node, minDelayMs)) continue;
    const delay = isDelayedLink(node) ? ` with a delay shorter than ${formatDuration(minDelayMs)}` : ' with no delay';
    if (node.eventCode === eventCode) {
      problems.push({
        severity: 'error',
        code: 'LINK_TO_SELF_WITHOUT_DELAY',
        nodeId: node.id,
        field: 'eventCode',
        message: `${NodeName(node)} raises ${eventCode}, the event this workflow handles,${delay}: each run would start another at once, forever. Add a delay of at least ${formatDuration(minDelayMs)}.`,
      });
      continue;
    }
    const path = pathBack(node.eventCode, eventCode, immediateLinks);
    if (path) {
      problems.push({
        severity: 'error',
        code: 'LINKED_EVENT_LOOP',
        nodeId: node.id,
        field: 'eventCode',
        message: `${NodeName(node)} raises ${node.eventCode}, and linked events lead back without a delay of at least ${formatDuration(minDelayMs)} (${[eventCode, ...path].join(' → ')}): the events would start each other forever. Add a delay on one of the links.`,
      });
    }
  }
  return problems;
}

function linkTargets(graph: WorkflowGraph, minDelayMs: number): string[] {
  return [...new Set(graph.nodes.filter(isLink).filter((n) => !isDelayedLink(n, minDelayMs)).map((n) => n.eventCode))].sort();
}

/** Shortest chain of immediate links from `from` to `to`, both included; undefined if none. */
function pathBack(from: string, to: string, links: ReadonlyMap<string, string[]>): string[] | undefined {
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const code = queue.shift() as string;
    if (code === to) {
      const path: string[] = [];
      for (let c: string | null = code; c !== null; c = parent.get(c) ?? null) path.unshift(c);
      return path;
    }
    for (const next of links.get(code) ?? []) {
      if (parent.has(next)) continue;
      parent.set(next, code);
      queue.push(next);
    }
  }
  return undefined;
}
