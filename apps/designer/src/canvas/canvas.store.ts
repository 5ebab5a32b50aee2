import { createStore } from 'zustand/vanilla';
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import type { GraphNode, WorkflowGraph } from '@signalbox/domain';
import { flowToGraph, graphToFlow, type FlowEdge, type FlowNode } from './graph.adapter';
import { freshId } from './node-factory';
import type { WorkflowProblem } from '../domain/domain.adapter';
import type { NodeState } from '@signalbox/contracts';
import { privateClipboard, type CopiedSteps, type StepClipboard } from './step-clipboard';
import type { NodeGroup } from '@signalbox/domain';
import { canvasExtrasActions, extrasFor, takenIds, trackExtras, type CanvasExtrasState } from './canvas-extras.actions';
import { GroupIndex, withoutSteps } from './groups/group-geometry';
import type { NoteFlowNode } from './notes/note.adapter';

interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
  notes: NoteFlowNode[];
  groups: NodeGroup[];
}
export type DiffMark = 'added' | 'removed' | 'changed';
/** 'pending' while a layout or fit is moving the view; 'done' once every one in flight has finished. */
export type LayoutState = 'pending' | 'done';

export interface CanvasState extends CanvasExtrasState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  readOnly: boolean;
  past: Snapshot[];
  future: Snapshot[];
  clipboard: CopiedSteps | null;
  /** Bumped by every change to the graph itself (not selection): autosave watches it. */
  revision: number;
  /**
   * Bumped by every change except moving nodes: what validation and other position-blind views
   * watch, so a layout of 2,000 steps (applied in many frames) does not re-validate after each.
   */
  contentRevision: number;
  problems: WorkflowProblem[];
  /** Per-node error/warning counts, kept with `problems` so a node reads its badge in O(1). */
  problemCounts: Record<string, ProblemCount>;
  runNodes: Record<string, NodeState>;
  diffMarks: Record<string, DiffMark>;
  lastCoalesceKey: string | null;
  /** The canvas shows it (data-layout-state) so a watcher knows when node positions are final. */
  layoutState: LayoutState;
  /** Sequence number (shared by every canvas) of this canvas's last finished layout or fit: tells a
   * watcher a new one from one that ended earlier, even across the draft and version views. */
  layoutSeq: number;

  /** Open a graph afresh (a draft, a version): the undo history starts empty. */
  load(graph: WorkflowGraph, opts?: { readOnly?: boolean }): void;
  /** Replace the whole graph as one undoable edit (an import). */
  replaceGraph(graph: WorkflowGraph): void;
  graph(): WorkflowGraph;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  onConnect(connection: Connection): void;
  /** Record an undo point (before a drag, or before an edit). Edits sharing a key within one burst coalesce. */
  checkpoint(coalesceKey?: string): void;
  addNode(node: GraphNode, position: XYPosition): string;
  updateNode(id: string, update: (node: GraphNode) => GraphNode, coalesceKey?: string): void;
  deleteSelected(): void;
  select(id: string | null): void;
  copySelection(): void;
  /** Copies these steps (and the connections between them), whatever is selected. */
  copyNodes(ids: readonly string[]): void;
  paste(offset?: XYPosition): void;
  /** Pastes the clipboard with its top-left step at `point` (the canvas menu's "Paste here"). */
  pasteAt(point: XYPosition): void;
  /** A copy of each step beside it, selected; the clipboard is left alone. */
  duplicateNodes(ids: readonly string[]): void;
  deleteNodes(ids: readonly string[]): void;
  /**
   * Splices a step into a connection: source → step → target. The connection keeps its outcome
   * (it now ends at the step); the step's `outcome` leads on to the old target. One undo point.
   */
  insertOnEdge(edgeId: string, node: GraphNode, position: XYPosition, outcome: string): string | undefined;
  undo(): void;
  redo(): void;
  /** Moves nodes to `positions`; `checkpoint: false` continues the undo point of an earlier part of the same layout. */
  applyLayout(positions: Record<string, XYPosition>, opts?: { checkpoint?: boolean }): void;
  setProblems(problems: WorkflowProblem[]): void;
  setRunNodes(nodes: Record<string, NodeState>): void;
  setDiffMarks(marks: Record<string, DiffMark>): void;
  /** Runs a layout or a fit with the view marked 'pending' until it (and any other in flight) ends. */
  settle(work: () => Promise<unknown>): Promise<void>;
}

export interface ProblemCount {
  errors: number;
  warnings: number;
}

const HISTORY_LIMIT = 100;
let layoutsFinished = 0;

function countProblems(problems: readonly WorkflowProblem[]): Record<string, ProblemCount> {
  const out: Record<string, ProblemCount> = {};
  for (const p of problems) {
    if (!p.nodeId) continue;
    const c = (out[p.nodeId] ??= { errors: 0, warnings: 0 });
    if (p.severity === 'error') c.errors++;
    else c.warnings++;
  }
  return out;
}

/**
 * One canvas's store. `clipboard` is where copied steps go: a private one by default; the
 * workflow screens share the tab's (step-clipboard.ts), so steps copied in one workflow paste into
 * another.
 */
export function createCanvasStore(initial?: WorkflowGraph, clipboard: StepClipboard = privateClipboard()) {
  const index = new GroupIndex();
  const store = createStore<CanvasState>()((set, get) => {
    const snap = (): Snapshot => ({ nodes: get().nodes, edges: get().edges, notes: get().notes, groups: get().groups });
    const pushPast = (coalesceKey: string | null = null) => {
      const s = get();
      if (coalesceKey && coalesceKey === s.lastCoalesceKey) return;
      set({ past: [...s.past.slice(-HISTORY_LIMIT + 1), snap()], future: [], lastCoalesceKey: coalesceKey });
    };
    const changed = (patch: Partial<CanvasState>, movesOnly = false) =>
      set((s) => ({ ...patch, revision: s.revision + 1, contentRevision: movesOnly ? s.contentRevision : s.contentRevision + 1 }));
    const start = initial ? graphToFlow(initial) : { nodes: [], edges: [], notes: [], groups: [] };
    let settling = 0;

    return {
      nodes: start.nodes,
      edges: start.edges,
      ...extrasFor(index, start),
      ...canvasExtrasActions({ set, get, pushPast, changed, index }),
      readOnly: false,
      past: [],
      future: [],
      clipboard: clipboard.read(),
      revision: 0,
      contentRevision: 0,
      problems: [],
      problemCounts: {},
      runNodes: {},
      diffMarks: {},
      lastCoalesceKey: null,
      // Pending until the first fit: a freshly opened canvas has not placed its view yet.
      layoutState: 'pending',
      layoutSeq: 0,

      load(graph, opts) {
        const { nodes, edges, notes, groups } = graphToFlow(graph);
        set((s) => ({ nodes, edges, notes, groups, readOnly: !!opts?.readOnly, past: [], future: [], revision: s.revision + 1, contentRevision: s.contentRevision + 1, lastCoalesceKey: null }));
      },
      replaceGraph(graph) {
        if (get().readOnly) return;
        pushPast();
        const { nodes, edges, notes, groups } = graphToFlow(graph);
        changed({ nodes, edges, notes, groups, lastCoalesceKey: null });
      },
      graph: () => flowToGraph(get().nodes, get().edges, get().notes, get().groups),

      onNodesChange(changes) {
        const s = get();
        const allowed = s.readOnly ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions') : changes;
        if (allowed.some((c) => c.type === 'remove')) pushPast();
        const structural = allowed.some((c) => c.type === 'remove' || (c.type === 'position' && !c.dragging) || c.type === 'add');
        const nodes = applyNodeChanges(allowed, s.nodes);
        let edges = s.edges;
        const removed = new Set(allowed.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
        if (removed.size) edges = edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
        const movesOnly = allowed.every((c) => c.type === 'position' || c.type === 'dimensions' || c.type === 'select');
        if (structural) changed({ nodes, edges }, movesOnly);
        else set({ nodes, edges });
      },
      onEdgesChange(changes) {
        const s = get();
        const allowed = s.readOnly ? changes.filter((c) => c.type === 'select') : changes;
        const structural = allowed.some((c) => c.type !== 'select');
        if (structural) pushPast();
        const edges = applyEdgeChanges(allowed, s.edges);
        if (structural) changed({ edges });
        else set({ edges });
      },
      onConnect(connection) {
        const s = get();
        if (s.readOnly || !connection.source || !connection.target || connection.source === connection.target) return;
        pushPast();
        const handle = connection.sourceHandle ?? 'next';
        // One edge per outcome handle: reconnecting an outcome replaces its old edge.
        const kept = s.edges.filter((e) => !(e.source === connection.source && (e.sourceHandle ?? 'next') === handle));
        const id = freshId('e', new Set(s.edges.map((e) => e.id)));
        const edges = addEdge<FlowEdge>({ ...connection, id, type: 'outcome', sourceHandle: handle, targetHandle: 'in' }, kept);
        changed({ edges });
      },
      checkpoint(coalesceKey) {
        if (!get().readOnly) pushPast(coalesceKey ?? null);
      },
      addNode(node, position) {
        const s = get();
        pushPast();
        const taken = takenIds(s);
        const id = taken.has(node.id) || !node.id ? freshId('n', taken) : node.id;
        const flowNode: FlowNode = { id, type: 'workflow', position, data: { node: { ...node, id } }, selected: true };
        changed({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), flowNode] });
        return id;
      },
      updateNode(id, update, coalesceKey) {
        const s = get();
        if (s.readOnly) return;
        pushPast(coalesceKey ? `${id}:${coalesceKey}` : null);
        let removedHandles: Set<string> | null = null;
        const nodes = s.nodes.map((n) => {
          if (n.id !== id) return n;
          const next = update(n.data.node);
          if (n.data.node.kind === 'decision' && next.kind === 'decision') {
            const kept = new Set(next.branches.map((b) => b.id));
            removedHandles = new Set(n.data.node.branches.map((b) => b.id).filter((b) => !kept.has(b)));
          }
          return { ...n, data: { node: { ...next, id } } };
        });
        const gone = removedHandles as Set<string> | null;
        const edges = gone?.size ? s.edges.filter((e) => !(e.source === id && gone.has(e.sourceHandle ?? ''))) : s.edges;
        changed({ nodes, edges });
      },
      deleteSelected() {
        const s = get();
        if (s.readOnly) return;
        const ids = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edgeSel = s.edges.some((e) => e.selected);
        // Selected notes go too; a selected group box is ungrouped (its steps stay).
        const notesSel = s.notes.some((n) => n.selected);
        const boxesSel = new Set(s.groupBoxes.filter((b) => b.selected).map((b) => b.id));
        if (!ids.size && !edgeSel && !notesSel && !boxesSel.size) return;
        pushPast();
        changed({
          nodes: s.nodes.filter((n) => !ids.has(n.id)),
          edges: s.edges.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target)),
          notes: notesSel ? s.notes.filter((n) => !n.selected) : s.notes,
          groups: withoutSteps(boxesSel.size ? s.groups.filter((g) => !boxesSel.has(g.id)) : s.groups, ids),
        });
      },
      select(id) {
        // A step inside a collapsed group is shown by unfolding the group.
        if (id) get().revealNode(id);
        set((s) => ({
          nodes: s.nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })),
          edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
          ...(s.notes.some((n) => n.selected) ? { notes: s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)) } : {}),
          ...(s.groupBoxes.some((b) => b.selected) ? { groupBoxes: s.groupBoxes.map((b) => (b.selected ? { ...b, selected: false } : b)) } : {}),
        }));
      },
      copySelection() {
        const s = get();
        get().copyNodes([...s.nodes.filter((n) => n.selected).map((n) => n.id), ...s.notes.filter((n) => n.selected).map((n) => n.id)]);
      },
      copyNodes(list) {
        const s = get();
        const ids = new Set(list);
        const nodes = s.nodes.filter((n) => ids.has(n.id));
        const edges = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
        const notes = s.notes.filter((n) => ids.has(n.id));
        if (!nodes.length && !notes.length) return;
        const copied = notes.length ? { nodes, edges, notes } : { nodes, edges };
        clipboard.write(copied);
        set({ clipboard: copied });
      },
      pasteAt(point) {
        const clip = clipboard.read();
        const all = [...(clip?.nodes ?? []), ...(clip?.notes ?? [])];
        if (!all.length) return;
        const left = Math.min(...all.map((n) => n.position.x));
        const top = Math.min(...all.map((n) => n.position.y));
        get().paste({ x: point.x - left, y: point.y - top });
      },
      duplicateNodes(list) {
        const s = get();
        if (s.readOnly || !list.length) return;
        // Paste through a clipboard of their own, then put the user's clipboard back.
        const kept = s.clipboard;
        get().copyNodes(list);
        get().paste();
        clipboard.write(kept);
        set({ clipboard: kept });
      },
      deleteNodes(list) {
        const s = get();
        const ids = new Set(list);
        if (s.readOnly || !s.nodes.some((n) => ids.has(n.id))) return;
        pushPast();
        changed({ nodes: s.nodes.filter((n) => !ids.has(n.id)), edges: s.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)), groups: withoutSteps(s.groups, ids) });
      },
      insertOnEdge(edgeId, node, position, outcome) {
        const s = get();
        const edge = s.edges.find((e) => e.id === edgeId);
        if (s.readOnly || !edge) return undefined;
        pushPast();
        const taken = takenIds(s);
        const id = taken.has(node.id) || !node.id ? freshId('n', taken) : node.id;
        const flowNode: FlowNode = { id, type: 'workflow', position, data: { node: { ...node, id } }, selected: true };
        const edgeIds = new Set(s.edges.map((e) => e.id));
        const second: FlowEdge = { id: freshId('e', edgeIds), type: 'outcome', source: id, sourceHandle: outcome, target: edge.target, targetHandle: 'in' };
        changed({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), flowNode],
          edges: [...s.edges.map((e) => (e.id === edgeId ? { ...e, target: id, targetHandle: 'in', selected: false } : e)), second],
          lastCoalesceKey: null,
        });
        return id;
      },
      paste(offset = { x: 40, y: 40 }) {
        const s = get();
        // The clipboard as it is now: another workflow's canvas may have copied since this one opened.
        const copied = clipboard.read();
        if (s.readOnly || !(copied?.nodes.length || copied?.notes?.length)) return;
        pushPast();
        const taken = takenIds(s);
        const idMap = new Map<string, string>();
        const pasted: FlowNode[] = copied.nodes.map((n) => {
          const id = freshId('n', taken);
          taken.add(id);
          idMap.set(n.id, id);
          return {
            id,
            type: 'workflow',
            position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
            data: { node: { ...n.data.node, id } },
            selected: true,
          };
        });
        const edgeIds = new Set(s.edges.map((e) => e.id));
        const pastedEdges: FlowEdge[] = copied.edges.map((e) => {
          const id = freshId('e', edgeIds);
          edgeIds.add(id);
          return { id, type: 'outcome', source: idMap.get(e.source)!, target: idMap.get(e.target)!, sourceHandle: e.sourceHandle, targetHandle: 'in' };
        });
        const pastedNotes: NoteFlowNode[] = (copied.notes ?? []).map((n) => {
          const id = freshId('note', taken);
          taken.add(id);
          return { ...n, id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, selected: true };
        });
        // A second paste lands further along, not on top of the first.
        const shift = <T extends { position: XYPosition }>(n: T): T => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } });
        const moved: CopiedSteps = { nodes: copied.nodes.map(shift), edges: copied.edges, ...(copied.notes?.length ? { notes: copied.notes.map(shift) } : {}) };
        clipboard.write(moved);
        changed({
          nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
          edges: [...s.edges, ...pastedEdges],
          notes: [...s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pastedNotes],
          clipboard: moved,
        });
      },
      undo() {
        const s = get();
        const prev = s.past[s.past.length - 1];
        if (!prev || s.readOnly) return;
        changed({ ...prev, past: s.past.slice(0, -1), future: [snap(), ...s.future], lastCoalesceKey: null });
      },
      redo() {
        const s = get();
        const next = s.future[0];
        if (!next || s.readOnly) return;
        changed({ ...next, future: s.future.slice(1), past: [...s.past, snap()], lastCoalesceKey: null });
      },
      applyLayout(positions, opts) {
        const s = get();
        const nodes = s.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n));
        if (s.readOnly) return set({ nodes });
        if (opts?.checkpoint !== false) pushPast();
        changed({ nodes }, true);
      },
      setProblems: (problems) => set({ problems, problemCounts: countProblems(problems) }),
      setRunNodes: (runNodes) => set({ runNodes }),
      setDiffMarks: (diffMarks) => set({ diffMarks }),
      async settle(work) {
        settling++;
        set({ layoutState: 'pending' });
        try {
          await work();
        } finally {
          settling--;
          set({ layoutSeq: ++layoutsFinished, ...(settling === 0 ? { layoutState: 'done' as const } : {}) });
        }
      },
    };
  });
  trackExtras(store, index);
  return store;
}
export type CanvasStore = ReturnType<typeof createCanvasStore>;
