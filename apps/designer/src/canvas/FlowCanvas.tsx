import { useCallback, useEffect, useMemo, useRef, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { Background, Controls, ReactFlow, useReactFlow, useStore, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { SmartMiniMap } from './SmartMiniMap';
import { useShallow } from 'zustand/react/shallow';
import { outcomesOf, type NodeKind } from '@signalbox/domain';
import { useCanvas, useCanvasStoreApi } from './canvas.context';
import { WorkflowNode } from './nodes/WorkflowNode';
import { ZoomedOutContext, zoomedOut } from './nodes/level-of-detail';
import { OutcomeEdge } from './nodes/OutcomeEdge';
import { newNode } from './node-factory';
import { dropDefaults } from './drop-defaults';
import { useCanvasCatalog } from './catalog.context';
import { useReadableFit } from './hooks/use-readable-fit';
import type { MenuTarget } from './context-menu.model';
import { NoteNode } from './notes/NoteNode';
import { GroupNode } from './groups/GroupNode';
import type { CanvasFlowNode } from './canvas-extras.actions';
import type { FlowEdge } from './graph.adapter';
import { OverviewEdges } from './overview/OverviewEdges';
import { freezeMiniMap } from './minimap-snapshot';

const nodeTypes: NodeTypes = { workflow: WorkflowNode, note: NoteNode, 'wf-group': GroupNode };
const edgeTypes: EdgeTypes = { outcome: OutcomeEdge };
export const PALETTE_MIME = 'application/x-signalbox-node';

export interface PaletteItem {
  /** A step of this kind, or a sticky note. */
  kind: NodeKind | 'note';
  actionCode?: string;
}

// Props passed by reference: React Flow copies each changed prop into its store, and every store
// write re-runs the selectors of all nodes and edges, so none of these may be rebuilt per render.
// The opening view stays readable; the Fit View control shows the whole graph.
const FIT_ALL_OPTIONS = { padding: 0.2, maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };
const DEFAULT_EDGE_OPTIONS = { type: 'outcome' };
// Shift+click adds a step to the selection too (as Shift+drag draws a selection box), as in n8n and Camunda Modeler.
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
// Zoomed out (steps drawn as light boxes), React Flow gets no edges: OverviewEdges draws them all
// on canvases of its own. The same empty array each time, so React Flow sees no change while zoomed out.
const NO_EDGES: FlowEdge[] = [];

/** Opens at a readable zoom (on the Start step when the graph is larger than the screen); Fit View shows it all. */
/**
 * The connection under a point of the screen (its wide, invisible interaction path counts), if any.
 * Zoomed out, connections are pixels on the overview canvas: none is found there.
 */
function edgeAt(x: number, y: number): string | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest('.react-flow__edge');
    if (edge) return edge.getAttribute('data-id') ?? undefined;
  }
  return undefined;
}

export function FlowCanvas({ onNodeOpen, onNodeClick, onContextMenu }: { onNodeOpen?(id: string): void; onNodeClick?(id: string): void; onContextMenu?(target: MenuTarget): void }) {
  const store = useCanvasStoreApi();
  const { data: catalog, ownEventCode, actionCodes } = useCanvasCatalog();
  const { steps, notes, groupBoxes, edges, readOnly, onNodesChange, onEdgesChange, onConnect } = useCanvas(
    useShallow((s) => ({ steps: s.nodes, notes: s.notes, groupBoxes: s.groupBoxes, edges: s.viewEdges, readOnly: s.readOnly, onNodesChange: s.onCanvasNodesChange, onEdgesChange: s.onEdgesChange, onConnect: s.onConnect })),
  );
  // Group boxes first (drawn behind), then notes, then steps. Without notes or groups the steps
  // array goes through as it is; with them, this is one array copy when any of them changes.
  const nodes = useMemo<CanvasFlowNode[]>(() => (notes.length || groupBoxes.length ? [...groupBoxes, ...notes, ...steps] : steps), [steps, notes, groupBoxes]);
  // A boolean: a zoom gesture re-renders the canvas only when it crosses the threshold; the nodes
  // read it from ZoomedOutContext rather than each listening to React Flow's store.
  const overview = useStore(zoomedOut);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const handlers = useRef({ onNodeOpen, onNodeClick, onContextMenu });
  handlers.current = { onNodeOpen, onNodeClick, onContextMenu };
  const fit = useReadableFit();
  const layout = useCanvas(useShallow((s) => ({ state: s.layoutState, seq: s.layoutSeq })));
  // An empty canvas is not fitted: React Flow would hold that fit until the first drop and then
  // move the view, so the first step would not stay where it was dropped.
  const onInit = useCallback(
    () => void store.getState().settle(async () => (store.getState().nodes.length === 0 ? undefined : fit())),
    [store, fit],
  );
  // The Fit View control fits on its own; its second call joins that fit, so this waits for it.
  const onFitView = useCallback(() => void store.getState().settle(() => fitView(FIT_ALL_OPTIONS)), [store, fitView]);
  const flowRef = useRef<HTMLDivElement>(null);
  const thawMiniMap = useRef<(() => void) | null>(null);
  const overviewRef = useRef(overview);
  overviewRef.current = overview;
  const onNodeDragStart = useCallback(() => {
    store.getState().checkpoint();
    thawMiniMap.current?.();
    thawMiniMap.current = overviewRef.current ? freezeMiniMap(flowRef.current) : null;
  }, [store]);
  const onNodeDragStop = useCallback(() => {
    thawMiniMap.current?.();
    thawMiniMap.current = null;
  }, []);
  useEffect(() => onNodeDragStop, [onNodeDragStop]);
  // Notes and group boxes handle their own clicks (edit, rename); only a step opens the step panel.
  const onNodeDoubleClick = useCallback((_: unknown, n: CanvasFlowNode) => n.type === 'workflow' && handlers.current.onNodeOpen?.(n.id), []);
  const onNodeClickStable = useCallback((_: unknown, n: CanvasFlowNode) => n.type === 'workflow' && handlers.current.onNodeClick?.(n.id), []);
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, n: CanvasFlowNode) => {
    if (!handlers.current.onContextMenu) return;
    e.preventDefault();
    const screen = { x: e.clientX, y: e.clientY };
    if (n.type === 'note') handlers.current.onContextMenu({ kind: 'note', noteId: n.id, screen });
    else if (n.type === 'wf-group') handlers.current.onContextMenu({ kind: 'group', groupId: n.id, screen, collapsed: n.data.collapsed });
    else handlers.current.onContextMenu({ kind: 'node', nodeId: n.id, screen });
  }, []);
  const onPaneContextMenu = useCallback(
    (e: ReactMouseEvent | MouseEvent) => {
      if (!handlers.current.onContextMenu) return;
      e.preventDefault();
      handlers.current.onContextMenu({ kind: 'pane', screen: { x: e.clientX, y: e.clientY }, flow: screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [screenToFlowPosition],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      document.body.classList.remove('palette-dragging');
      const raw = e.dataTransfer.getData(PALETTE_MIME);
      if (!raw || store.getState().readOnly) return;
      e.preventDefault();
      const item = JSON.parse(raw) as PaletteItem;
      const position = screenToFlowPosition({ x: e.clientX - 90, y: e.clientY - 30 });
      if (item.kind === 'note') return void store.getState().addNote(position);
      const defaults = dropDefaults({ templates: catalog.templates, eventCodes: catalog.eventCodes, nodes: store.getState().graph().nodes, ownEventCode });
      const node = newNode(item.kind, '', { actionCode: item.actionCode, ...defaults });
      // Dropped on a connection: spliced in (source → new → target) when the step has an input
      // and an outcome to lead on with; its first outcome (success, next…) continues the path.
      const edgeId = item.kind !== 'start' ? edgeAt(e.clientX, e.clientY) : undefined;
      const outcome = edgeId ? outcomesOf(node, actionCodes)[0] : undefined;
      if (edgeId && outcome) store.getState().insertOnEdge(edgeId, node, position, outcome);
      else store.getState().addNode(node, position);
    },
    [store, screenToFlowPosition, catalog, ownEventCode, actionCodes],
  );

  return (
    <ZoomedOutContext.Provider value={overview}>
      <div ref={flowRef} className="flow" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas" data-layout-state={layout.state} data-layout-seq={layout.seq}>
        <ReactFlow<CanvasFlowNode>
          nodes={nodes}
          edges={(overview ? NO_EDGES : edges) as never}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange as never}
          onConnect={onConnect}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          onNodeDoubleClick={onNodeDoubleClick}
          onNodeClick={onNodeClickStable}
          onNodeContextMenu={onNodeContextMenu}
          onPaneContextMenu={onPaneContextMenu}
          nodesDraggable
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          onInit={onInit}
          minZoom={0.1}
          maxZoom={2}
          onlyRenderVisibleElements
          proOptions={PRO_OPTIONS}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        >
          <Background gap={16} size={1} />
          {overview && <OverviewEdges />}
          <Controls showInteractive={false} fitViewOptions={FIT_ALL_OPTIONS} onFitView={onFitView} />
          <SmartMiniMap />
        </ReactFlow>
      </div>
    </ZoomedOutContext.Provider>
  );
}
