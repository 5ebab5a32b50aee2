import type { GraphEdge, GraphNode, WorkflowGraph } from './graph.schema';

type GraphLike = Pick<WorkflowGraph, 'nodes' | 'edges'>;

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function nodesById(graph: GraphLike): Map<string, GraphNode> {
  return new Map(graph.nodes.map((n) => [n.id, n]));
}

/** Edges leaving a node (optionally from one handle), sorted by edge id so traversal order is stable. */
export function outgoingEdges(graph: GraphLike, nodeId: string, handle?: string): GraphEdge[] {
  return graph.edges.filter((e) => e.source === nodeId && (handle === undefined || e.sourceHandle === handle)).sort(byId);
}

/** Edges entering a node, sorted by edge id. */
export function incomingEdges(graph: GraphLike, nodeId: string): GraphEdge[] {
  return graph.edges.filter((e) => e.target === nodeId).sort(byId);
}

/** The start node; with several (an invalid graph), the one with the smallest id. */
export function findStart(graph: GraphLike): GraphNode | undefined {
  return graph.nodes.filter((n) => n.kind === 'start').sort(byId)[0];
}

/** Display name of a node for messages: its label, else its kind and id. */
export function nodeDisplayName(node: Pick<GraphNode, 'id' | 'kind' | 'label'>): string {
  const label = node.label?.trim();
  return label ? `‘${label}’` : `${node.kind} ${node.id}`;
}
