import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from './graph.schema';
import { findStart, incomingEdges, nodeDisplayName, nodesById, outgoingEdges } from './traversal';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'split', kind: 'parallel' },
    { id: 's2', kind: 'start' },
    { id: 's1', kind: 'start' },
    { id: 'end', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'e3', source: 'split', sourceHandle: 'next', target: 'end' },
    { id: 'e1', source: 'split', sourceHandle: 'next', target: 'end' },
    { id: 'e2', source: 's1', sourceHandle: 'next', target: 'split' },
    { id: 'e0', source: 'split', sourceHandle: 'other', target: 'end' },
  ],
};

describe('traversal helpers', () => {
  it('indexes nodes by id', () => {
    expect(nodesById(graph).get('end')?.kind).toBe('end');
  });

  it('lists outgoing edges sorted by id, optionally by handle', () => {
    expect(outgoingEdges(graph, 'split').map((e) => e.id)).toEqual(['e0', 'e1', 'e3']);
    expect(outgoingEdges(graph, 'split', 'next').map((e) => e.id)).toEqual(['e1', 'e3']);
  });

  it('lists incoming edges sorted by id', () => {
    expect(incomingEdges(graph, 'end').map((e) => e.id)).toEqual(['e0', 'e1', 'e3']);
  });

  it('finds the start node deterministically', () => {
    expect(findStart(graph)?.id).toBe('s1');
    expect(findStart({ nodes: [], edges: [] })).toBeUndefined();
  });

  it('names nodes by label, else kind and id', () => {
    expect(nodeDisplayName({ id: 'n1', kind: 'action', label: 'Activate GPRS' })).toBe('‘Activate GPRS’');
    expect(nodeDisplayName({ id: 'n1', kind: 'action' })).toBe('action n1');
  });
});
