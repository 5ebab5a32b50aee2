import type { GraphEdge, WorkflowGraph } from './graph.schema';

export interface ElementChanges {
  added: string[];
  removed: string[];
  changed: { id: string; fields: string[] }[];
}

export interface GraphDiff {
  nodes: ElementChanges;
  edges: { added: string[]; removed: string[] };
  /** Sticky notes: text or colour changed. Moving or resizing one is not a change (as moving a step is not). */
  notes: ElementChanges;
  /** Groups: label, members or colour changed. Collapsing one only changes how it is drawn: not a change. */
  groups: ElementChanges;
}

type GraphLike = Pick<WorkflowGraph, 'nodes' | 'edges' | 'notes' | 'groups'>;

/**
 * Structural difference between two versions of a graph, by stable id. Moving a node on the
 * canvas is not a change. An edge whose ends or handle changed counts as removed and added.
 */
export function diffGraphs(from: GraphLike, to: GraphLike): GraphDiff {
  const edgeKey = (e: GraphEdge): string => `${e.id}\u0000${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
  const edgesBefore = new Map(from.edges.map((e) => [e.id, edgeKey(e)]));
  const edgesAfter = new Map(to.edges.map((e) => [e.id, edgeKey(e)]));
  return {
    nodes: elementChanges(from.nodes, to.nodes, ['position']),
    edges: {
      added: sorted([...edgesAfter].filter(([id, key]) => edgesBefore.get(id) !== key).map(([id]) => id)),
      removed: sorted([...edgesBefore].filter(([id, key]) => edgesAfter.get(id) !== key).map(([id]) => id)),
    },
    notes: elementChanges(from.notes ?? [], to.notes ?? [], ['position', 'size']),
    groups: elementChanges(from.groups ?? [], to.groups ?? [], ['collapsed']),
  };
}

/** Added, removed and changed elements by id; `ignored` fields (where it is drawn) are not changes. */
function elementChanges<T extends { id: string }>(from: readonly T[], to: readonly T[], ignored: readonly string[]): ElementChanges {
  const before = new Map(from.map((n) => [n.id, n]));
  const after = new Map(to.map((n) => [n.id, n]));
  const changed: ElementChanges['changed'] = [];
  for (const [id, item] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields = changedFields(old, item, ignored);
    if (fields.length > 0) changed.push({ id, fields });
  }
  return {
    added: sorted([...after.keys()].filter((id) => !before.has(id))),
    removed: sorted([...before.keys()].filter((id) => !after.has(id))),
    changed: changed.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}

function changedFields(a: object, b: object, ignored: readonly string[]): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of ignored) keys.delete(key);
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
