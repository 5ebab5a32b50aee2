import type { GraphEdge, GraphNode, WorkflowGraph } from '@signalbox/domain';
import type { GraphDiff } from '../domain/domain.adapter';

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}
export interface NodeChange {
  id: string;
  title: string;
  mark: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}
export interface EdgeChange {
  id: string;
  mark: 'added' | 'removed';
  /** "n2 —success→ n3" */
  text: string;
}
/** A sticky note or group added, removed or changed (text, colour, label, members). */
export interface ExtraChange {
  id: string;
  what: 'note' | 'group';
  title: string;
  mark: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}
export interface DiffDetails {
  nodes: NodeChange[];
  edges: EdgeChange[];
  extras: ExtraChange[];
}

const MAX_VALUE_CHARS = 120;

/** A field's value as one short line: strings bare, the rest as compact JSON; absent is "—". */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

const titleOf = (n: GraphNode): string => n.label ?? `${n.kind} ${n.id}`;
const edgeText = (e: GraphEdge): string => `${e.source} —${e.sourceHandle}→ ${e.target}`;

/**
 * What changed between two graphs, for reading rather than colouring: per node the fields that
 * changed with their old and new values (position is layout, not behaviour), and the connections
 * added or removed (a connection re-pointed shows as one removed and one added).
 */
export function diffDetails(from: WorkflowGraph, to: WorkflowGraph, diff: GraphDiff): DiffDetails {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const nodes: NodeChange[] = [];
  for (const id of diff.nodes.added) nodes.push({ id, title: titleOf(after.get(id)!), mark: 'added', fields: [] });
  for (const id of diff.nodes.removed) nodes.push({ id, title: titleOf(before.get(id)!), mark: 'removed', fields: [] });
  for (const c of diff.nodes.changed) {
    const a = before.get(c.id) as Record<string, unknown> | undefined;
    const b = after.get(c.id) as Record<string, unknown> | undefined;
    nodes.push({
      id: c.id,
      title: titleOf(after.get(c.id)!),
      mark: 'changed',
      fields: c.fields.map((field) => ({ field, before: showValue(a?.[field]), after: showValue(b?.[field]) })),
    });
  }
  nodes.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const edgesBefore = new Map(from.edges.map((e) => [e.id, e]));
  const edgesAfter = new Map(to.edges.map((e) => [e.id, e]));
  const edges: EdgeChange[] = [
    ...diff.edges.removed.flatMap((id) => (edgesBefore.has(id) ? [{ id, mark: 'removed' as const, text: edgeText(edgesBefore.get(id)!) }] : [])),
    ...diff.edges.added.flatMap((id) => (edgesAfter.has(id) ? [{ id, mark: 'added' as const, text: edgeText(edgesAfter.get(id)!) }] : [])),
  ];
  return { nodes, edges, extras: [...extraChanges('note', from.notes ?? [], to.notes ?? [], diff.notes, (n) => n.text), ...extraChanges('group', from.groups ?? [], to.groups ?? [], diff.groups, (g) => g.label)] };
}

const NOTE_TITLE_CHARS = 40;

function extraChanges<T extends { id: string }>(what: ExtraChange['what'], from: readonly T[], to: readonly T[], diff: GraphDiff['notes'], text: (item: T) => string): ExtraChange[] {
  const before = new Map(from.map((n) => [n.id, n]));
  const after = new Map(to.map((n) => [n.id, n]));
  const titleOf = (item: T | undefined) => {
    const t = item ? text(item).trim().split('\n')[0] : '';
    return t.length > NOTE_TITLE_CHARS ? `${t.slice(0, NOTE_TITLE_CHARS - 1)}…` : t;
  };
  const fieldsOf = (id: string, fields: string[]) => {
    const a = before.get(id) as Record<string, unknown> | undefined;
    const b = after.get(id) as Record<string, unknown> | undefined;
    return fields.map((field) => ({ field, before: showValue(a?.[field]), after: showValue(b?.[field]) }));
  };
  return [
    ...diff.added.map((id) => ({ id, what, title: titleOf(after.get(id)), mark: 'added' as const, fields: [] })),
    ...diff.removed.map((id) => ({ id, what, title: titleOf(before.get(id)), mark: 'removed' as const, fields: [] })),
    ...diff.changed.map((c) => ({ id: c.id, what, title: titleOf(after.get(c.id)), mark: 'changed' as const, fields: fieldsOf(c.id, c.fields) })),
  ].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
