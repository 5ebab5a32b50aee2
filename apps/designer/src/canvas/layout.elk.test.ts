import { describe, expect, it } from 'vitest';
import { chunkPositions, elkGraph, LARGE_GRAPH_NODES, layoutGraph, LayoutCancelled } from './layout.elk';

const chain = (n: number) => ({
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: 190, height: 80, ports: i === n - 1 ? [] : ['next'] })),
  edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, sourceHandle: 'next', target: `n${i + 1}` })),
});

describe('layoutGraph', () => {
  it('lays a chain out left to right, each step right of the one before it', async () => {
    const { nodes, edges } = chain(4);
    const pos = await layoutGraph(nodes, edges);
    expect(pos.n0.x).toBeLessThan(pos.n1.x);
    expect(pos.n1.x).toBeLessThan(pos.n2.x);
    expect(pos.n2.x).toBeLessThan(pos.n3.x);
  });

  it('wraps a long chain into rows instead of one line hundreds of steps wide', async () => {
    const { nodes, edges } = chain(LARGE_GRAPH_NODES + 50);
    const pos = await layoutGraph(nodes, edges);
    const xs = Object.values(pos).map((p) => p.x);
    const ys = Object.values(pos).map((p) => p.y);
    const width = Math.max(...xs) + 190;
    const height = Math.max(...ys) + 80;
    // One line would be ~ 200 × 250 px = 50,000 px wide.
    expect(width).toBeLessThan(15_000);
    expect(height).toBeGreaterThan(80);
  }, 60_000);

  it('ignores edges to steps that are not in the graph and falls back to the node for unknown handles', () => {
    const g = elkGraph([{ id: 'a', width: 10, height: 10, ports: ['next'] }, { id: 'b', width: 10, height: 10, ports: [] }], [
      { id: 'e1', source: 'a', sourceHandle: 'gone', target: 'b' },
      { id: 'e2', source: 'a', sourceHandle: 'next', target: 'zz' },
    ]);
    expect(g.edges).toEqual([{ id: 'e1', sources: ['a'], targets: ['b::in'] }]);
  });

  it('refuses to start once cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(layoutGraph(chain(3).nodes, chain(3).edges, ctrl.signal)).rejects.toBeInstanceOf(LayoutCancelled);
  });
});

describe('chunkPositions', () => {
  it('splits positions into parts of at most the given size, every node in exactly one part', () => {
    const positions = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`n${i}`, { x: i, y: -i }]));
    const parts = chunkPositions(positions, 100);
    expect(parts.map((p) => Object.keys(p).length)).toEqual([100, 100, 50]);
    expect(Object.assign({}, ...parts)).toEqual(positions);
  });
});
