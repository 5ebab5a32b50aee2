import type { Edge, Node } from '@xyflow/react';
import type { GraphEdge, GraphNode, WorkflowGraph } from '@signalbox/domain';

/** React Flow node carrying exactly one domain node; nothing else (no callbacks, no view state). */
export type FlowNodeData = { node: GraphNode };
export type FlowNode = Node<FlowNodeData, 'workflow'>;
export type FlowEdge = Edge<Record<string, never>, 'outcome'>;

const GRID_X = 260;
const GRID_Y = 120;

/** Domain graph → React Flow. Nodes without a saved position are put on a simple grid. */
export function graphToFlow(graph: WorkflowGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = graph.nodes.map((n, i) => {
    const { position, ...rest } = n;
    return {
      id: n.id,
      type: 'workflow',
      position: position ? { x: position.x, y: position.y } : { x: (i % 5) * GRID_X, y: Math.floor(i / 5) * GRID_Y },
      data: { node: rest as GraphNode },
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
  return { nodes, edges };
}

/** React Flow → domain graph. Positions are rounded: sub-pixel drags are not worth a diff. */
export function flowToGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): WorkflowGraph {
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
  return { nodes: graphNodes, edges: graphEdges };
}
