import { applyNodeChanges, type NodeChange, type XYPosition } from '@xyflow/react';
import type { NodeGroup } from '@signalbox/domain';
import type { FlowEdge, FlowNode } from './graph.adapter';
import { freshId } from './node-factory';
import { newNoteNode, type NoteData, type NoteFlowNode } from './notes/note.adapter';
import { applyHidden, GroupIndex, routeEdges, withoutSteps, type GroupBoxNode } from './groups/group-geometry';
import type { CanvasState } from './canvas.store';

/** Every kind of node React Flow draws on a workflow canvas. */
export type CanvasFlowNode = FlowNode | NoteFlowNode | GroupBoxNode;

export interface CanvasExtrasState {
  notes: NoteFlowNode[];
  groups: NodeGroup[];
  /** Computed from the members' positions: one box per group, behind its steps (or, collapsed, standing for them). */
  groupBoxes: GroupBoxNode[];
  /** Computed: the connections as drawn, a collapsed group's box standing for its hidden members. */
  viewEdges: FlowEdge[];
  /** How many steps are selected, kept up to date without reading every step on each drag frame. */
  selectedSteps: number;
  /** The group whose name is being edited in place (from its title or its menu's Rename…). */
  renamingGroupId: string | null;

  /** React Flow's changes to any of its nodes: steps, notes and group boxes each go their own way. */
  onCanvasNodesChange(changes: NodeChange<CanvasFlowNode>[]): void;
  addNote(position: XYPosition, text?: string): string | undefined;
  updateNote(id: string, patch: Partial<NoteData>, coalesceKey?: string): void;
  deleteNotes(ids: readonly string[]): void;
  /** Groups these steps (taken out of any group they were in); returns the new group's id. */
  groupNodes(ids: readonly string[], label?: string): string | undefined;
  groupSelection(): string | undefined;
  ungroup(groupIds: readonly string[]): void;
  /** Ungroups the selected group boxes and the groups of the selected steps. */
  ungroupSelection(): void;
  renameGroup(id: string, label: string): void;
  setGroupCollapsed(id: string, collapsed: boolean): void;
  setRenamingGroup(id: string | null): void;
  /** A step inside a collapsed group is shown by expanding the group (a problem or find result was chosen). */
  revealNode(id: string): void;
}

interface Ctx {
  set(patch: Partial<CanvasState> | ((s: CanvasState) => Partial<CanvasState>)): void;
  get(): CanvasState;
  pushPast(coalesceKey?: string | null): void;
  changed(patch: Partial<CanvasState>, movesOnly?: boolean): void;
  index: GroupIndex;
}

export const DEFAULT_GROUP_LABEL = 'Group';

/** Ids are unique across steps, notes and groups. */
export function takenIds(s: Pick<CanvasState, 'nodes' | 'notes' | 'groups'>): Set<string> {
  return new Set([...s.nodes.map((n) => n.id), ...s.notes.map((n) => n.id), ...s.groups.map((g) => g.id)]);
}

const countSelected = (nodes: readonly FlowNode[]) => nodes.reduce((k, n) => (n.selected ? k + 1 : k), 0);

/** Initial computed state for a freshly opened graph. */
export function extrasFor(index: GroupIndex, parts: { nodes: FlowNode[]; edges: FlowEdge[]; notes: NoteFlowNode[]; groups: NodeGroup[] }) {
  return { notes: parts.notes, groups: parts.groups, groupBoxes: index.rebuild(parts.nodes, parts.groups, []), viewEdges: routeEdges(parts.edges, parts.groups), selectedSteps: countSelected(parts.nodes), renamingGroupId: null };
}

export function canvasExtrasActions({ set, get, pushPast, changed, index }: Ctx): Omit<CanvasExtrasState, 'notes' | 'groups' | 'groupBoxes' | 'viewEdges' | 'selectedSteps' | 'renamingGroupId'> {
  const isNote = (s: CanvasState, id: string) => s.notes.some((n) => n.id === id);
  const isBox = (s: CanvasState, id: string) => s.groups.some((g) => g.id === id);

  /** A group box dragged by its title moves its members by the same amount. */
  const memberMoves = (s: CanvasState, boxChanges: NodeChange<GroupBoxNode>[]): NodeChange<FlowNode>[] => {
    const out: NodeChange<FlowNode>[] = [];
    for (const c of boxChanges) {
      if (c.type !== 'position' || !c.position) continue;
      const box = s.groupBoxes.find((b) => b.id === c.id);
      const group = s.groups.find((g) => g.id === c.id);
      if (!box || !group) continue;
      const dx = c.position.x - box.position.x;
      const dy = c.position.y - box.position.y;
      const members = new Set(group.nodeIds);
      for (const n of s.nodes) if (members.has(n.id)) out.push({ type: 'position', id: n.id, position: { x: n.position.x + dx, y: n.position.y + dy }, dragging: c.dragging });
    }
    return out;
  };

  return {
    onCanvasNodesChange(changes) {
      const s = get();
      if (!s.notes.length && !s.groups.length) return stepsChange(changes as NodeChange<FlowNode>[]);
      const steps: NodeChange<FlowNode>[] = [];
      const notes: NodeChange<NoteFlowNode>[] = [];
      const boxes: NodeChange<GroupBoxNode>[] = [];
      for (const c of changes) {
        const id = c.type === 'add' ? c.item.id : c.id;
        if (isNote(s, id)) notes.push(c as NodeChange<NoteFlowNode>);
        else if (isBox(s, id)) boxes.push(c as NodeChange<GroupBoxNode>);
        else steps.push(c as NodeChange<FlowNode>);
      }
      if (notes.length) notesChange(notes);
      if (boxes.length) {
        const moves = s.readOnly ? [] : memberMoves(get(), boxes);
        // A member selected with its group moves once, with the group.
        const moving = new Set(moves.map((m) => (m.type === 'position' ? m.id : '')));
        const kept = steps.filter((c) => !(c.type === 'position' && moving.has(c.id)));
        steps.length = 0;
        steps.push(...kept, ...moves);
        const selects = boxes.filter((c) => c.type === 'select' || c.type === 'dimensions');
        if (selects.length) set((st) => ({ groupBoxes: applyNodeChanges(selects, st.groupBoxes) }));
      }
      if (steps.length) stepsChange(steps);
    },
    addNote(position, text = '') {
      const s = get();
      if (s.readOnly) return undefined;
      pushPast();
      const id = freshId('note', takenIds(s));
      changed({
        notes: [...s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)), newNoteNode(id, position, text)],
        nodes: s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      }, true);
      return id;
    },
    updateNote(id, patch, coalesceKey) {
      const s = get();
      if (s.readOnly || !isNote(s, id)) return;
      pushPast(coalesceKey ? `note:${id}:${coalesceKey}` : null);
      changed({ notes: s.notes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)) }, true);
    },
    deleteNotes(ids) {
      const s = get();
      const gone = new Set(ids);
      if (s.readOnly || !s.notes.some((n) => gone.has(n.id))) return;
      pushPast();
      changed({ notes: s.notes.filter((n) => !gone.has(n.id)) }, true);
    },
    groupNodes(ids, label = DEFAULT_GROUP_LABEL) {
      const s = get();
      const wanted = new Set(ids);
      const members = s.nodes.filter((n) => wanted.has(n.id) && !n.hidden).map((n) => n.id);
      if (s.readOnly || !members.length) return undefined;
      pushPast();
      const id = freshId('group', takenIds(s));
      // A step belongs to one group at most: grouping it again takes it out of its old group.
      const groups = [...withoutSteps(s.groups, new Set(members)), { id, label, nodeIds: members, collapsed: false }];
      changed({ groups, nodes: applyHidden(s.nodes, groups) }, true);
      return id;
    },
    groupSelection() {
      return get().groupNodes(get().nodes.filter((n) => n.selected).map((n) => n.id));
    },
    ungroup(groupIds) {
      const s = get();
      const gone = new Set(groupIds);
      if (s.readOnly || !s.groups.some((g) => gone.has(g.id))) return;
      pushPast();
      const groups = s.groups.filter((g) => !gone.has(g.id));
      changed({ groups, nodes: applyHidden(s.nodes, groups) }, true);
    },
    ungroupSelection() {
      const s = get();
      const ids = new Set(s.groupBoxes.filter((b) => b.selected).map((b) => b.id));
      for (const n of s.nodes) {
        const g = n.selected ? index.groupOf(n.id) : undefined;
        if (g) ids.add(g);
      }
      s.ungroup([...ids]);
    },
    renameGroup(id, label) {
      const s = get();
      const trimmed = label.trim().slice(0, 120);
      const group = s.groups.find((g) => g.id === id);
      if (s.readOnly || !group || group.label === trimmed) return;
      pushPast();
      changed({ groups: s.groups.map((g) => (g.id === id ? { ...g, label: trimmed } : g)) }, true);
    },
    setGroupCollapsed(id, collapsed) {
      const s = get();
      const group = s.groups.find((g) => g.id === id);
      if (!group || group.collapsed === collapsed) return;
      // A read-only view may still fold and unfold its groups to read it; nothing is saved there.
      if (!s.readOnly) pushPast();
      const groups = s.groups.map((g) => (g.id === id ? { ...g, collapsed } : g));
      const patch = { groups, nodes: applyHidden(s.nodes, groups) };
      if (s.readOnly) set(patch);
      else changed(patch, true);
    },
    setRenamingGroup(id) {
      if (id === null || !get().readOnly) set({ renamingGroupId: id });
    },
    revealNode(id) {
      const s = get();
      const group = s.groups.find((g) => g.collapsed && g.nodeIds.includes(id));
      if (group) s.setGroupCollapsed(group.id, false);
    },
  };

  function stepsChange(changes: NodeChange<FlowNode>[]) {
    if (!changes.length) return;
    if (get().readOnly) changes = changes.filter((c) => c.type === 'select' || c.type === 'dimensions');
    if (!changes.length) return;
    const structural = changes.some((c) => c.type === 'add' || c.type === 'remove' || c.type === 'replace');
    // Drags and measures update the boxes of the moved steps' groups only (see GroupIndex.moved).
    index.quiet = !structural;
    try {
      get().onNodesChange(changes);
    } finally {
      index.quiet = false;
    }
    if (structural) return;
    const s = get();
    const patch: Partial<CanvasState> = {};
    const boxes = index.moved(changes, s.groupBoxes);
    if (boxes !== s.groupBoxes) patch.groupBoxes = boxes;
    if (changes.some((c) => c.type === 'select')) patch.selectedSteps = countSelected(s.nodes);
    if (Object.keys(patch).length) set(patch);
  }

  function notesChange(changes: NodeChange<NoteFlowNode>[]) {
    const s = get();
    const allowed = s.readOnly ? changes.filter((c) => c.type === 'select' || (c.type === 'dimensions' && !c.setAttributes)) : changes;
    if (!allowed.length) return;
    const notes = applyNodeChanges(allowed, s.notes);
    // A drag or resize ends with one change that says so: that is when autosave should run.
    const ended = allowed.some((c) => (c.type === 'position' && c.dragging === false) || (c.type === 'dimensions' && c.resizing === false));
    if (ended) changed({ notes }, true);
    else set({ notes });
  }
}

/**
 * Keeps the computed parts (group boxes, connections as drawn, selected count) in step with
 * every other way the store changes (load, undo, paste, delete…): those replace the steps
 * wholesale, so the boxes are rebuilt, O(steps), as those actions already are.
 */
export function trackExtras(store: { subscribe(l: (s: CanvasState, prev: CanvasState) => void): () => void; setState(p: Partial<CanvasState>): void }, index: GroupIndex): void {
  let busy = false;
  store.subscribe((s, prev) => {
    if (busy) return;
    const patch: Partial<CanvasState> = {};
    const groupsChanged = s.groups !== prev.groups;
    if ((s.nodes !== prev.nodes && !index.quiet) || groupsChanged) {
      const boxes = index.rebuild(s.nodes, s.groups, s.groupBoxes);
      if (boxes !== s.groupBoxes) patch.groupBoxes = boxes;
      const count = countSelected(s.nodes);
      if (count !== s.selectedSteps) patch.selectedSteps = count;
    }
    if (s.edges !== prev.edges || groupsChanged) {
      const edges = routeEdges(s.edges, s.groups);
      if (edges !== s.viewEdges) patch.viewEdges = edges;
    }
    if (!Object.keys(patch).length) return;
    busy = true;
    try {
      store.setState(patch);
    } finally {
      busy = false;
    }
  });
}
