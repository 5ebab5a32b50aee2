import { describe, expect, it } from 'vitest';
import { diffGraphs } from './diff-graphs';
import type { WorkflowGraph } from './graph.schema';

const v1: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'swap', kind: 'action', actionCode: 'HSS_SWAP_SIM', inputs: { a: 'data.a', b: 'data.b' }, position: { x: 200, y: 0 } },
    { id: 'sms', kind: 'communication', template: 'SIM_SWAPPED_SMS' },
    { id: 'done', kind: 'end', result: 'completed' },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'swap' },
    { id: 'e2', source: 'swap', sourceHandle: 'success', target: 'sms' },
    { id: 'e3', source: 'sms', sourceHandle: 'success', target: 'done' },
  ],
};

const NONE = { added: [], removed: [], changed: [] };

describe('diffGraphs', () => {
  it('finds no change between a graph and itself, nor when nodes only moved or keys were reordered', () => {
    const moved = structuredClone(v1);
    moved.nodes[1].position = { x: 999, y: 42 };
    moved.nodes[1] = { ...moved.nodes[1], inputs: { b: 'data.b', a: 'data.a' } } as WorkflowGraph['nodes'][number];
    expect(diffGraphs(v1, moved)).toEqual({ nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] }, notes: NONE, groups: NONE });
  });

  it('lists added, removed and changed nodes with the fields that changed', () => {
    const v2 = structuredClone(v1);
    v2.nodes = v2.nodes.filter((n) => n.id !== 'sms');
    v2.nodes.push({ id: 'email', kind: 'communication', template: 'BARRED_EMAIL' });
    const swap = v2.nodes.find((n) => n.id === 'swap')!;
    Object.assign(swap, { actionCode: 'HSS_UNDO_SWAP_SIM', label: 'Undo', inputs: { a: 'data.a', b: 'data.c' } });
    v2.edges = [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'swap' },
      { id: 'e2', source: 'swap', sourceHandle: 'success', target: 'email' },
      { id: 'e4', source: 'email', sourceHandle: 'success', target: 'done' },
    ];
    expect(diffGraphs(v1, v2)).toEqual({
      nodes: { added: ['email'], removed: ['sms'], changed: [{ id: 'swap', fields: ['actionCode', 'inputs', 'label'] }] },
      edges: { added: ['e2', 'e4'], removed: ['e2', 'e3'] },
      notes: NONE,
      groups: NONE,
    });
  });

  it('lists notes and groups added, removed and changed; moving, resizing or collapsing is no change', () => {
    const from: WorkflowGraph = {
      ...v1,
      notes: [
        { id: 'note1', text: 'Ask billing first', position: { x: 0, y: 200 } },
        { id: 'note2', text: 'Old', position: { x: 0, y: 400 } },
      ],
      groups: [
        { id: 'group1', label: 'Swap', nodeIds: ['swap', 'sms'], collapsed: false },
        { id: 'group2', label: 'End', nodeIds: ['done'], collapsed: false },
      ],
    };
    const to: WorkflowGraph = {
      ...v1,
      notes: [
        { id: 'note1', text: 'Ask billing first', position: { x: 80, y: 0 }, size: { width: 300, height: 200 }, color: 'blue' },
        { id: 'note3', text: 'New', position: { x: 0, y: 0 } },
      ],
      groups: [
        { id: 'group1', label: 'Swap', nodeIds: ['swap'], collapsed: true },
        { id: 'group2', label: 'End', nodeIds: ['done'], collapsed: true },
      ],
    };
    const diff = diffGraphs(from, to);
    expect(diff.notes).toEqual({ added: ['note3'], removed: ['note2'], changed: [{ id: 'note1', fields: ['color'] }] });
    expect(diff.groups).toEqual({ added: [], removed: [], changed: [{ id: 'group1', fields: ['nodeIds'] }] });
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
    expect(diffGraphs(v1, { ...v1, notes: [], groups: [] })).toMatchObject({ notes: NONE, groups: NONE });
  });
});
