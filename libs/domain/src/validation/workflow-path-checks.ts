import { formatDuration, parseDuration } from '../common/duration';
import type { GraphEdge, GraphNode } from '../graph/graph.schema';
import { NodeName, listOf, nodeName } from './describe';
import type { WorkflowProblem } from './problem';

/** Unreachable nodes, nodes with no way to an end, and loops with nothing to slow them down. */
export function checkPaths(nodes: ReadonlyMap<string, GraphNode>, edges: readonly GraphEdge[], start: GraphNode | undefined, minWaitMs = 1): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const forward = adjacency(edges, (e) => [e.source, e.target]);
  const backward = adjacency(edges, (e) => [e.target, e.source]);
  const sortedNodes = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1));

  const reachable = start ? walk([start.id], forward) : undefined;
  if (reachable) {
    for (const node of sortedNodes) {
      if (reachable.has(node.id) || node.kind === 'start') continue;
      problems.push({
        severity: 'warning',
        code: 'UNREACHABLE',
        nodeId: node.id,
        message: `${NodeName(node)} cannot be reached from the start, so it never runs; connect it or delete it.`,
      });
    }
  }

  const reachesEnd = walk(
    sortedNodes.filter((n) => n.kind === 'end').map((n) => n.id),
    backward,
  );
  for (const node of sortedNodes) {
    if (reachesEnd.has(node.id)) continue;
    // A node with no way out at all is already reported for its unconnected outcomes.
    if ((forward.get(node.id)?.length ?? 0) === 0) continue;
    if (reachable && !reachable.has(node.id) && node.kind !== 'start') continue;
    problems.push({
      severity: 'error',
      code: 'NO_PATH_TO_END',
      nodeId: node.id,
      message: `No end can be reached from ${nodeName(node)}: a run passing through it would never finish. Give it a path to an end node.`,
    });
  }

  for (const component of loops(sortedNodes, forward)) {
    const members = component.map((id) => nodes.get(id) as GraphNode);
    if (members.some((n) => pauseOf(n) >= minWaitMs)) continue;
    const first = members[0];
    const shortest = members.map(pauseOf).filter((ms) => ms > 0);
    if (shortest.length > 0) {
      problems.push({
        severity: 'error',
        code: 'CYCLE_WAIT_TOO_SHORT',
        nodeId: first.id,
        message: `${capitalizeList(members.map(nodeName))} form a loop whose waits are all shorter than ${formatDuration(minWaitMs)}: a run would repeat them in a burst. Make a wait in the loop at least ${formatDuration(minWaitMs)}.`,
      });
      continue;
    }
    problems.push({
      severity: 'error',
      code: 'CYCLE_WITHOUT_WAIT',
      nodeId: first.id,
      message:
        members.length === 1
          ? `${NodeName(first)} leads back to itself with no wait or delay: a run would repeat it without pause. Add a wait node to the loop.`
          : `${capitalizeList(members.map(nodeName))} form a loop with no wait or delay in it: a run would repeat them without pause. Add a wait node to the loop.`,
    });
  }
  return problems;
}

function capitalizeList(names: string[]): string {
  const text = listOf(names);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How long a node holds a run, in ms, as far as can be known before it runs: a computed date
 * (`until`, `at`) and a signal wait without a timeout count as pacing the loop (Infinity).
 */
function pauseOf(node: GraphNode): number {
  let pause = 0;
  if (node.kind === 'wait') {
    const wait = node.wait;
    if (wait.type === 'duration') pause = safeDuration(wait.duration);
    else if (wait.type === 'signal' || wait.type === 'message') pause = wait.timeout === '0' ? Infinity : safeDuration(wait.timeout);
    else pause = Infinity;
  }
  if (node.schedule?.type === 'delay') pause = Math.max(pause, safeDuration(node.schedule.duration));
  if (node.schedule?.type === 'at') pause = Infinity;
  return pause;
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text);
  } catch {
    return 0;
  }
}

function adjacency(edges: readonly GraphEdge[], ends: (e: GraphEdge) => [string, string]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const edge of edges) {
    const [from, to] = ends(edge);
    const list = map.get(from) ?? [];
    list.push(to);
    map.set(from, list);
  }
  for (const list of map.values()) list.sort();
  return map;
}

function walk(roots: string[], next: ReadonlyMap<string, string[]>): Set<string> {
  const seen = new Set<string>(roots);
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const to of next.get(id) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      stack.push(to);
    }
  }
  return seen;
}

/** Strongly connected components that contain a loop (Tarjan, iterative), members sorted by id. */
function loops(nodes: readonly GraphNode[], next: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root.id)) continue;
    const work: { id: string; i: number }[] = [{ id: root.id, i: 0 }];
    index.set(root.id, counter);
    low.set(root.id, counter++);
    stack.push(root.id);
    onStack.add(root.id);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = next.get(frame.id) ?? [];
      if (frame.i < targets.length) {
        const to = targets[frame.i++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent) as number, low.get(frame.id) as number));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop() as string;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        const selfLoop = component.length === 1 && (next.get(component[0]) ?? []).includes(component[0]);
        if (component.length > 1 || selfLoop) result.push(component.sort());
      }
    }
  }
  return result.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
