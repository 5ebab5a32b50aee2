import type { GraphEdge, GraphNode, WorkflowGraph } from './graph.schema';

export interface GraphDiff {
  nodes: { added: string[]; removed: string[]; changed: { id: string; fields: string[] }[] };
  edges: { added: string[]; removed: string[] };
}

type GraphLike = Pick<WorkflowGraph, 'nodes' | 'edges'>;

/**
 * Structural difference between two versions of a graph, by stable id. Moving a node on the
 * canvas is not a change. An edge whose ends or handle changed counts as removed and added.
 */
export function diffGraphs(from: GraphLike, to: GraphLike): GraphDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const changed: GraphDiff['nodes']['changed'] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields = changedFields(old, node);
    if (fields.length > 0) changed.push({ id, fields });
  }
  const edgeKey = (e: GraphEdge): string => `${e.id}\u0000${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
  const edgesBefore = new Map(from.edges.map((e) => [e.id, edgeKey(e)]));
  const edgesAfter = new Map(to.edges.map((e) => [e.id, edgeKey(e)]));
  return {
    nodes: {
      added: sorted([...after.keys()].filter((id) => !before.has(id))),
      removed: sorted([...before.keys()].filter((id) => !after.has(id))),
      changed: changed.sort((a, b) => (a.id < b.id ? -1 : 1)),
    },
    edges: {
      added: sorted([...edgesAfter].filter(([id, key]) => edgesBefore.get(id) !== key).map(([id]) => id)),
      removed: sorted([...edgesBefore].filter(([id, key]) => edgesAfter.get(id) !== key).map(([id]) => id)),
    },
  };
}

function changedFields(a: GraphNode, b: GraphNode): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('position');
  const fields: string[] = [];
  for (const key of keys) {
    if (canonical((a as Record<string, unknown>)[key]) !== canonical((b as Record<string, unknown>)[key])) fields.push(key);
  }
  return sorted(fields);
}

/** JSON with sorted object keys, so key order never makes a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  ) ?? 'undefined';
}

function sorted(items: string[]): string[] {
  return items.sort();
}
