import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode, NodeGroup, WorkflowGraph } from '@signalbox/domain';
import { flowToNotes, notesToFlow, type NoteFlowNode } from './notes/note.adapter';

/** React Flow node carrying exactly one domain node; nothing else (no callbacks, no view state). */
export type FlowNodeData = { node: GraphNode };
export type FlowNode = Node<FlowNodeData, 'workflow'>;
export type FlowEdge = Edge<Record<string, never>, 'outcome'>;

const GRID_X = 260;
const GRID_Y = 120;

/**
 * Domain graph → React Flow. Nodes without a saved position are put on a simple grid; members of
 * a collapsed group start hidden. Groups stay domain objects: their boxes are computed.
 */
export function graphToFlow(graph: WorkflowGraph): { nodes: FlowNode[]; edges: FlowEdge[]; notes: NoteFlowNode[]; groups: NodeGroup[] } {
  const hidden = new Set((graph.groups ?? []).filter((g) => g.collapsed).flatMap((g) => g.nodeIds));
  const nodes: FlowNode[] = graph.nodes.map((n, i) => {
    const { position, ...rest } = n;
    return {
      id: n.id,
      type: 'workflow',
      position: position ? { x: position.x, y: position.y } : { x: (i % 5) * GRID_X, y: Math.floor(i / 5) * GRID_Y },
      data: { node: rest as GraphNode },
      ...(hidden.has(n.id) ? { hidden: true } : {}),
    };
  });
  const edges: FlowEdge[] = graph.edges.map((e) => ({
    id: e.id,
    type: 'outcome',
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: 'in',
  }));
  return { nodes, edges, notes: notesToFlow(graph.notes), groups: (graph.groups ?? []).map((g) => ({ ...g, nodeIds: [...g.nodeIds] })) };
}

/**
 * React Flow → domain graph. Positions are rounded: sub-pixel drags are not worth a diff. Notes
 * and groups are written only when there are some, so a graph without them reads as before.
 */
export function flowToGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[], notes: readonly NoteFlowNode[] = [], groups: readonly NodeGroup[] = []): WorkflowGraph {
  const graphNodes: GraphNode[] = nodes.map((n) => ({
    ...n.data.node,
    id: n.id,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
  }));
  const graphEdges: GraphEdge[] = edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourceHandle: e.sourceHandle ?? 'next',
    target: e.target,
  }));
  return { nodes: graphNodes, edges: graphEdges, ...(notes.length ? { notes: flowToNotes(notes) } : {}), ...(groups.length ? { groups: [...groups] } : {}) };
}
