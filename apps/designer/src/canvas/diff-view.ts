import type { WorkflowGraph } from '@signalbox/domain';
import type { DiffMark } from './canvas.store';
import type { GraphDiff } from '../domain/domain.adapter';

export const edgeMarkKey = (edgeId: string): string => `edge:${edgeId}`;

/** One graph to show a diff on: everything in `to`, plus what `from` had and `to` removed. */
export function diffOverlay(from: WorkflowGraph, to: WorkflowGraph, diff: GraphDiff): { graph: WorkflowGraph; marks: Record<string, DiffMark> } {
  const removedNodes = new Set(diff.nodes.removed);
  const removedEdges = new Set(diff.edges.removed);
  const marks: Record<string, DiffMark> = {};
  for (const id of diff.nodes.added) marks[id] = 'added';
  for (const id of diff.nodes.removed) marks[id] = 'removed';
  for (const c of diff.nodes.changed) marks[c.id] = 'changed';
  // Edges share the marks map under their own key space (an edge id may equal a node id).
  for (const id of diff.edges.added) marks[edgeMarkKey(id)] = 'added';
  for (const id of diff.edges.removed) if (!diff.edges.added.includes(id)) marks[edgeMarkKey(id)] = 'removed';
  return {
    graph: {
      nodes: [...to.nodes, ...from.nodes.filter((n) => removedNodes.has(n.id))],
      edges: [...to.edges, ...from.edges.filter((e) => removedEdges.has(e.id) && !to.edges.some((x) => x.id === e.id))],
      // Notes and groups as the newer side has them (the Changes list names what differs).
      ...(to.notes ? { notes: to.notes } : {}),
      ...(to.groups ? { groups: to.groups } : {}),
    },
    marks,
  };
}
