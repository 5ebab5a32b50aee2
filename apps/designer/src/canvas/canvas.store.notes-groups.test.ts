import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore } from './canvas.store';
import { COLLAPSED_SIZE, GROUP_PAD, GROUP_TITLE_HEIGHT } from './groups/group-geometry';

// start → a → b → end, and c off to the side; steps are 190×80 until measured.
const graph: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'a', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: {}, position: { x: 300, y: 0 } },
    { id: 'b', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: {}, position: { x: 600, y: 100 } },
    { id: 'end', kind: 'end', result: 'completed', position: { x: 900, y: 0 } },
    { id: 'c', kind: 'end', result: 'completed', position: { x: 0, y: 600 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'a' },
    { id: 'e2', source: 'a', sourceHandle: 'success', target: 'b' },
    { id: 'e3', source: 'b', sourceHandle: 'success', target: 'end' },
    { id: 'e4', source: 'a', sourceHandle: 'failure', target: 'end' },
    { id: 'e5', source: 'b', sourceHandle: 'failure', target: 'end' },
  ],
};

const open = () => {
  const store = createCanvasStore(graph);
  return { store, s: () => store.getState() };
};

describe('canvas store: sticky notes', () => {
  it('adds, edits, recolours and deletes a note, each one undo step, and saves it with the graph', () => {
    const { s } = open();
    const id = s().addNote({ x: 10, y: 300 })!;
    expect(s().notes).toHaveLength(1);
    s().updateNote(id, { text: 'Ask' }, 'text');
    s().updateNote(id, { text: 'Ask billing' }, 'text');
    s().updateNote(id, { color: 'blue' });
    expect(s().graph().notes).toEqual([{ id, text: 'Ask billing', position: { x: 10, y: 300 }, size: { width: 240, height: 160 }, color: 'blue' }]);
    s().undo();
    expect(s().graph().notes?.[0]).not.toHaveProperty('color');
    s().undo(); // the typing was one edit
    expect(s().graph().notes?.[0].text).toBe('');
    s().redo();
    s().deleteNotes([id]);
    expect(s().graph()).not.toHaveProperty('notes');
    s().undo();
    expect(s().notes.map((n) => n.id)).toEqual([id]);
  });

  it('moves and resizes a note through React Flow changes, and never counts it as a step', () => {
    const { s } = open();
    const id = s().addNote({ x: 0, y: 0 })!;
    const before = s().revision;
    s().onCanvasNodesChange([{ type: 'position', id, position: { x: 50, y: 60 }, dragging: true }]);
    expect(s().revision).toBe(before);
    s().onCanvasNodesChange([{ type: 'position', id, position: { x: 50, y: 60 }, dragging: false }]);
    s().onCanvasNodesChange([{ type: 'dimensions', id, dimensions: { width: 400, height: 300 }, resizing: true, setAttributes: true }]);
    s().onCanvasNodesChange([{ type: 'dimensions', id, dimensions: { width: 400, height: 300 }, resizing: false }]);
    expect(s().revision).toBe(before + 2);
    expect(s().graph().notes?.[0]).toMatchObject({ position: { x: 50, y: 60 }, size: { width: 400, height: 300 } });
    expect(s().nodes.map((n) => n.id)).not.toContain(id);
    expect(s().selectedSteps).toBe(0);
  });

  it('deletes selected notes with the selected steps, and copies and pastes them with fresh ids', () => {
    const { s } = open();
    const id = s().addNote({ x: 0, y: 300 }, 'Hello')!;
    s().onCanvasNodesChange([{ type: 'select', id: 'c', selected: true }]);
    s().copySelection();
    s().paste({ x: 100, y: 0 });
    const pasted = s().notes.find((n) => n.id !== id)!;
    expect(pasted).toMatchObject({ position: { x: 100, y: 300 }, data: { text: 'Hello' }, selected: true });
    expect(s().nodes.filter((n) => n.selected)).toHaveLength(1);
    s().deleteSelected();
    expect(s().notes.map((n) => n.id)).toEqual([id]);
  });
});

describe('canvas store: groups', () => {
  const groupAB = () => {
    const o = open();
    const id = o.s().groupNodes(['a', 'b'], 'Provision')!;
    return { ...o, id };
  };

  it('groups steps under a box around them, and ungroups them, each one undo step', () => {
    const { s, id } = groupAB();
    expect(s().graph().groups).toEqual([{ id, label: 'Provision', nodeIds: ['a', 'b'], collapsed: false }]);
    const box = s().groupBoxes[0];
    expect(box.position).toEqual({ x: 300 - GROUP_PAD, y: 0 - GROUP_PAD - GROUP_TITLE_HEIGHT });
    expect(box).toMatchObject({ width: 490 + 2 * GROUP_PAD, height: 180 + 2 * GROUP_PAD + GROUP_TITLE_HEIGHT });
    s().ungroup([id]);
    expect(s().groupBoxes).toEqual([]);
    expect(s().graph()).not.toHaveProperty('groups');
    s().undo();
    expect(s().groups.map((g) => g.id)).toEqual([id]);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('takes a step out of its old group when grouped again, and drops a group left empty', () => {
    const { s, id } = groupAB();
    const second = s().groupNodes(['b', 'c'])!;
    expect(s().groups).toEqual([
      { id, label: 'Provision', nodeIds: ['a'], collapsed: false },
      { id: second, label: 'Group', nodeIds: ['b', 'c'], collapsed: false },
    ]);
    s().deleteNodes(['a']);
    expect(s().groups.map((g) => g.id)).toEqual([second]);
  });

  it('collapsing hides the members and draws their connections to and from the box, once per pair of ends', () => {
    const { s, id } = groupAB();
    s().setGroupCollapsed(id, true);
    expect(s().nodes.filter((n) => n.hidden).map((n) => n.id)).toEqual(['a', 'b']);
    expect(s().groupBoxes[0]).toMatchObject({ data: { collapsed: true, count: 2 }, ...COLLAPSED_SIZE });
    const drawn = s().viewEdges.map((e) => `${e.source}:${e.sourceHandle}→${e.target}`);
    // e2 is inside the group; e3, e4 and e5 all run from the group to `end`: one line.
    expect(drawn).toEqual(['start:next→' + id, `${id}:out→end`]);
    expect(s().graph().edges).toEqual(graph.edges);
    expect(s().graph().groups?.[0].collapsed).toBe(true);
    s().setGroupCollapsed(id, false);
    expect(s().nodes.some((n) => n.hidden)).toBe(false);
    expect(s().viewEdges).toBe(s().edges);
    s().undo();
    expect(s().nodes.filter((n) => n.hidden)).toHaveLength(2);
  });

  it('opens a saved collapsed group collapsed, and expands it when one of its steps is selected', () => {
    const { s, id } = groupAB();
    s().setGroupCollapsed(id, true);
    const reopened = createCanvasStore(s().graph()).getState();
    expect(reopened.nodes.filter((n) => n.hidden).map((n) => n.id)).toEqual(['a', 'b']);
    expect(reopened.viewEdges.some((e) => e.target === id)).toBe(true);
    s().select('b');
    expect(s().groups[0].collapsed).toBe(false);
    expect(s().nodes.find((n) => n.id === 'b')).toMatchObject({ hidden: false, selected: true });
  });

  it('moves the box with a dragged member, and the members with a dragged box, ignoring steps in no group', () => {
    const { s, id } = groupAB();
    const boxes = s().groupBoxes;
    s().onCanvasNodesChange([{ type: 'position', id: 'c', position: { x: 5, y: 700 }, dragging: true }]);
    expect(s().groupBoxes).toBe(boxes);
    s().onCanvasNodesChange([{ type: 'position', id: 'b', position: { x: 600, y: 300 }, dragging: true }]);
    expect(s().groupBoxes[0].height).toBe(380 + 2 * GROUP_PAD + GROUP_TITLE_HEIGHT);
    const box = s().groupBoxes[0];
    s().onCanvasNodesChange([{ type: 'position', id, position: { x: box.position.x + 100, y: box.position.y + 10 }, dragging: false }]);
    expect(s().nodes.filter((n) => n.id === 'a' || n.id === 'b').map((n) => n.position)).toEqual([
      { x: 400, y: 10 },
      { x: 700, y: 310 },
    ]);
    expect(s().groupBoxes[0].position).toEqual({ x: box.position.x + 100, y: box.position.y + 10 });
  });

  it('renames a group, ungroups a selected box on delete, and lets a read-only view only fold groups', () => {
    const { s, id } = groupAB();
    s().renameGroup(id, '  Provisioning  ');
    expect(s().groups[0].label).toBe('Provisioning');
    s().onCanvasNodesChange([{ type: 'select', id, selected: true }]);
    s().deleteSelected();
    expect(s().groups).toEqual([]);
    expect(s().nodes).toHaveLength(5);

    const view = createCanvasStore();
    view.getState().load({ ...graph, groups: [{ id: 'g', label: 'G', nodeIds: ['a'], collapsed: false }] }, { readOnly: true });
    view.getState().renameGroup('g', 'X');
    view.getState().ungroup(['g']);
    view.getState().setGroupCollapsed('g', true);
    expect(view.getState().groups).toEqual([{ id: 'g', label: 'G', nodeIds: ['a'], collapsed: true }]);
    expect(view.getState().addNote({ x: 0, y: 0 })).toBeUndefined();
  });

  it('counts the selected steps from React Flow select changes and from select()', () => {
    const { s } = open();
    s().onCanvasNodesChange([
      { type: 'select', id: 'a', selected: true },
      { type: 'select', id: 'b', selected: true },
    ]);
    expect(s().selectedSteps).toBe(2);
    const id = s().groupSelection()!;
    expect(s().groups[0]).toMatchObject({ id, nodeIds: ['a', 'b'] });
    s().select('c');
    expect(s().selectedSteps).toBe(1);
  });
});
