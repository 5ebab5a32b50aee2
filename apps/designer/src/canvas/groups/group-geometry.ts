import type { Node, NodeChange } from '@xyflow/react';
import type { CanvasColor, NodeGroup } from '@signalbox/domain';
import type { FlowEdge, FlowNode } from '../graph.adapter';

/*
 * Where each group's box is drawn, computed from its members (never stored), and which
 * connections a collapsed group stands in for. Pure functions and one small index: a drag of a
 * step that is in no group costs one map lookup per change, a drag of a member recomputes only
 * its group's box.
 */

export type GroupBoxData = { label: string; collapsed: boolean; color?: CanvasColor; count: number };
export type GroupBoxNode = Node<GroupBoxData, 'wf-group'>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const GROUP_PAD = 24;
export const GROUP_TITLE_HEIGHT = 34;
export const COLLAPSED_SIZE = { width: 220, height: 76 } as const;
/** Behind every step and note, even when selected (React Flow adds 1000 to a selected node's z). */
const EXPANDED_Z = -3000;
const STEP_SIZE = { width: 190, height: 80 } as const;

export function stepRect(n: Pick<FlowNode, 'position' | 'measured' | 'width' | 'height'>): Rect {
  return { x: n.position.x, y: n.position.y, width: n.measured?.width ?? n.width ?? STEP_SIZE.width, height: n.measured?.height ?? n.height ?? STEP_SIZE.height };
}

/** The box of `group` over the members' rects; null when none of them is on the canvas. */
export function groupBox(group: NodeGroup, rectOf: (id: string) => Rect | undefined, previous?: GroupBoxNode): GroupBoxNode | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const id of group.nodeIds) {
    const r = rectOf(id);
    if (!r) continue;
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  if (minX === Infinity) return null;
  const position = group.collapsed ? { x: minX, y: minY } : { x: minX - GROUP_PAD, y: minY - GROUP_PAD - GROUP_TITLE_HEIGHT };
  const width = group.collapsed ? COLLAPSED_SIZE.width : maxX - minX + 2 * GROUP_PAD;
  const height = group.collapsed ? COLLAPSED_SIZE.height : maxY - minY + 2 * GROUP_PAD + GROUP_TITLE_HEIGHT;
  const data: GroupBoxData = { label: group.label, collapsed: group.collapsed, count: group.nodeIds.length, ...(group.color ? { color: group.color } : {}) };
  if (previous && samePlace(previous, position, width, height) && sameData(previous.data, data)) return previous;
  return {
    id: group.id,
    type: 'wf-group',
    position,
    width,
    height,
    data,
    zIndex: group.collapsed ? 0 : EXPANDED_Z,
    // Only the title bar drags the group (the rest of the box lets clicks through to the canvas).
    dragHandle: '.group-drag',
    selected: previous?.selected ?? false,
  };
}

const samePlace = (b: GroupBoxNode, p: { x: number; y: number }, width: number, height: number) => b.position.x === p.x && b.position.y === p.y && b.width === width && b.height === height;
const sameData = (a: GroupBoxData, b: GroupBoxData) => a.label === b.label && a.collapsed === b.collapsed && a.color === b.color && a.count === b.count;

/**
 * Keeps every group's box in step with its members. `rebuild` is O(steps) and runs when the
 * graph is replaced (load, undo, paste…); `moved` is O(changes) plus the size of the groups
 * whose members moved, and runs for React Flow's drag and measure changes.
 */
export class GroupIndex {
  /** Set while React Flow's own drag/measure changes are applied: `moved` follows them, no rebuild needed. */
  quiet = false;
  private memberOf = new Map<string, string>();
  private rects = new Map<string, Rect>();
  private byId = new Map<string, NodeGroup>();

  rebuild(nodes: readonly FlowNode[], groups: readonly NodeGroup[], previous: readonly GroupBoxNode[]): GroupBoxNode[] {
    this.memberOf.clear();
    this.rects.clear();
    this.byId = new Map(groups.map((g) => [g.id, g]));
    for (const g of groups) for (const id of g.nodeIds) if (!this.memberOf.has(id)) this.memberOf.set(id, g.id);
    if (!groups.length) return previous.length ? [] : (previous as GroupBoxNode[]);
    for (const n of nodes) if (this.memberOf.has(n.id)) this.rects.set(n.id, stepRect(n));
    const prev = new Map(previous.map((b) => [b.id, b]));
    const boxes = groups.flatMap((g) => groupBox(g, (id) => this.rects.get(id), prev.get(g.id)) ?? []);
    return boxes.length === previous.length && boxes.every((b, i) => b === previous[i]) ? (previous as GroupBoxNode[]) : boxes;
  }

  /** Applies drag/measure changes of steps; returns the boxes (the same array when no group moved). */
  moved(changes: readonly NodeChange<FlowNode>[], boxes: readonly GroupBoxNode[]): GroupBoxNode[] {
    if (!this.memberOf.size) return boxes as GroupBoxNode[];
    let dirty: Set<string> | null = null;
    for (const c of changes) {
      if (c.type !== 'position' && c.type !== 'dimensions') continue;
      const group = this.memberOf.get(c.id);
      const rect = group && this.rects.get(c.id);
      if (!group || !rect) continue;
      if (c.type === 'position' && c.position) this.rects.set(c.id, { ...rect, x: c.position.x, y: c.position.y });
      else if (c.type === 'dimensions' && c.dimensions) this.rects.set(c.id, { ...rect, width: c.dimensions.width, height: c.dimensions.height });
      else continue;
      (dirty ??= new Set()).add(group);
    }
    if (!dirty) return boxes as GroupBoxNode[];
    const d = dirty;
    return boxes.map((b) => (d.has(b.id) && this.byId.get(b.id) ? (groupBox(this.byId.get(b.id)!, (id) => this.rects.get(id), b) ?? b) : b));
  }

  groupOf(nodeId: string): string | undefined {
    return this.memberOf.get(nodeId);
  }
}

/** Members of collapsed groups are hidden; everything else shown. Unchanged nodes keep their identity. */
export function applyHidden(nodes: readonly FlowNode[], groups: readonly NodeGroup[]): FlowNode[] {
  const hidden = new Set(groups.filter((g) => g.collapsed).flatMap((g) => g.nodeIds));
  return nodes.map((n) => {
    const hide = hidden.has(n.id);
    if (!!n.hidden === hide) return n;
    return { ...n, hidden: hide, selected: hide ? false : n.selected };
  });
}

/**
 * The connections as drawn: those between a collapsed group's members disappear, those into or
 * out of one end at (or leave from) the group's box, one per pair of ends. Unchanged (the same
 * array) when no group is collapsed.
 */
export function routeEdges(edges: readonly FlowEdge[], groups: readonly NodeGroup[]): FlowEdge[] {
  const collapsed = groups.filter((g) => g.collapsed);
  if (!collapsed.length) return edges as FlowEdge[];
  const owner = new Map<string, string>();
  for (const g of collapsed) for (const id of g.nodeIds) if (!owner.has(id)) owner.set(id, g.id);
  const out: FlowEdge[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const s = owner.get(e.source);
    const t = owner.get(e.target);
    if (!s && !t) {
      out.push(e);
      continue;
    }
    if (s && s === t) continue;
    const source = s ?? e.source;
    const sourceHandle = s ? 'out' : (e.sourceHandle ?? 'next');
    const target = t ?? e.target;
    const id = `via:${source}:${sourceHandle}:${target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, type: 'outcome', source, sourceHandle, target, targetHandle: 'in', selectable: false, deletable: false, focusable: false, className: 'via-group' });
  }
  return out;
}

/** Groups without the removed steps; a group left with none is dropped. The same array when nothing changed. */
export function withoutSteps(groups: readonly NodeGroup[], removed: ReadonlySet<string>): NodeGroup[] {
  if (!removed.size || !groups.some((g) => g.nodeIds.some((id) => removed.has(id)))) return groups as NodeGroup[];
  return groups.flatMap((g) => {
    if (!g.nodeIds.some((id) => removed.has(id))) return [g];
    const nodeIds = g.nodeIds.filter((id) => !removed.has(id));
    return nodeIds.length ? [{ ...g, nodeIds }] : [];
  });
}
