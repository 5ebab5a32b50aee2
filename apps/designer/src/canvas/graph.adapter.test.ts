import { describe, expect, it } from 'vitest';
import { WorkflowGraph } from '@signalbox/domain';
import { flowToGraph, graphToFlow } from './graph.adapter';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'act', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: { apn: 'data.apn' }, label: 'Activate', position: { x: 250, y: 10 } },
    { id: 'dec', kind: 'decision', branches: [{ id: 'big', label: 'Big', condition: 'data.amount > 10' }], position: { x: 500, y: 0 } },
    { id: 'sms', kind: 'communication', template: 'DONE_SMS', schedule: { type: 'delay', duration: '5m' }, position: { x: 750, y: 0 } },
    { id: 'end', kind: 'end', result: 'completed', position: { x: 1000, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'act' },
    { id: 'e2', source: 'act', sourceHandle: 'success', target: 'dec' },
    { id: 'e3', source: 'dec', sourceHandle: 'big', target: 'sms' },
    { id: 'e4', source: 'dec', sourceHandle: 'default', target: 'end' },
    { id: 'e5', source: 'sms', sourceHandle: 'success', target: 'end' },
  ],
};

describe('graph adapter', () => {
  it('round-trips a graph through React Flow nodes and edges unchanged', () => {
    const { nodes, edges } = graphToFlow(graph);
    const back = flowToGraph(nodes, edges);
    expect(back).toEqual(graph);
    expect(WorkflowGraph.safeParse(back).success).toBe(true);
  });

  it('keeps the domain node whole in data and the outcome as the source handle', () => {
    const { nodes, edges } = graphToFlow(graph);
    const act = nodes.find((n) => n.id === 'act');
    expect(act?.data.node).toMatchObject({ kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: { apn: 'data.apn' } });
    expect(act?.data.node).not.toHaveProperty('position');
    expect(act?.position).toEqual({ x: 250, y: 10 });
    expect(edges.find((e) => e.id === 'e3')).toMatchObject({ source: 'dec', sourceHandle: 'big', target: 'sms', targetHandle: 'in' });
  });

  it('places nodes without a position on a grid, and rounds positions on the way back', () => {
    const { nodes } = graphToFlow({ nodes: [{ id: 'a', kind: 'start' }, { id: 'b', kind: 'end', result: 'completed' }], edges: [] });
    expect(nodes[0].position).not.toEqual(nodes[1].position);
    const moved = nodes.map((n) => ({ ...n, position: { x: n.position.x + 0.4, y: n.position.y + 10.6 } }));
    const back = flowToGraph(moved, []);
    expect(back.nodes[1].position).toEqual({ x: Math.round(nodes[1].position.x + 0.4), y: Math.round(nodes[1].position.y + 10.6) });
  });

  it("round-trips notes and groups, starts a collapsed group's steps hidden, and keeps note sizes in bounds", () => {
    const drawn: WorkflowGraph = {
      ...graph,
      notes: [{ id: 'why', text: 'Ask billing', position: { x: 0, y: 300 }, size: { width: 300, height: 200 }, color: 'pink' }],
      groups: [{ id: 'g', label: 'Decide', nodeIds: ['act', 'dec'], collapsed: true }],
    };
    const flow = graphToFlow(drawn);
    expect(flow.nodes.filter((n) => n.hidden).map((n) => n.id)).toEqual(['act', 'dec']);
    expect(flow.notes[0]).toMatchObject({ type: 'note', width: 300, height: 200, data: { text: 'Ask billing', color: 'pink' } });
    const back = flowToGraph(flow.nodes, flow.edges, flow.notes, flow.groups);
    expect(back).toEqual(drawn);
    const huge = flowToGraph(flow.nodes, flow.edges, [{ ...flow.notes[0], width: 5000, height: 10 }], []);
    expect(huge.notes?.[0].size).toEqual({ width: 1200, height: 120 });
    expect(WorkflowGraph.safeParse(huge).success).toBe(true);
  });
});
