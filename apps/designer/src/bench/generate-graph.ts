import type { GraphEdge, GraphNode, WorkflowGraph } from '@signalbox/domain';

/**
 * A large, valid-looking workflow for the canvas benchmark: a start, then chains of waits and
 * decisions laid out on a grid, `edgeCount` edges in total (chain edges first, then cross links).
 */
export function generateGraph(nodeCount: number, edgeCount: number): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const cols = Math.ceil(Math.sqrt(nodeCount * 2));
  for (let i = 0; i < nodeCount; i++) {
    const id = `n${i}`;
    const position = { x: (i % cols) * 240, y: Math.floor(i / cols) * 140 };
    if (i === 0) nodes.push({ id, kind: 'start', position });
    else if (i === nodeCount - 1) nodes.push({ id, kind: 'end', result: 'completed', position });
    else if (i % 3 === 0) nodes.push({ id, kind: 'decision', branches: [{ id: 'b1', label: 'Big', condition: 'data.amount > 10' }], position });
    else nodes.push({ id, kind: 'wait', wait: { type: 'duration', duration: '5m' }, position });
  }
  const edges: GraphEdge[] = [];
  const handleOf = (n: GraphNode, k: number) => (n.kind === 'decision' ? (k % 2 ? 'default' : 'b1') : 'next');
  for (let i = 0; i < nodeCount - 1 && edges.length < edgeCount; i++) edges.push({ id: `e${edges.length}`, source: `n${i}`, sourceHandle: handleOf(nodes[i], 0), target: `n${i + 1}` });
  for (let i = 0; edges.length < edgeCount; i++) {
    const s = (i * 7) % (nodeCount - 1);
    const t = Math.min(nodeCount - 1, s + 2 + (i % 5));
    edges.push({ id: `e${edges.length}`, source: `n${s}`, sourceHandle: handleOf(nodes[s], 1), target: `n${t}` });
  }
  return { nodes, edges };
}
