import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore } from './canvas.store';
import { newNode } from './node-factory';

const graph: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'a', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: {}, position: { x: 200, y: 0 } },
    { id: 'b', kind: 'end', result: 'completed', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'a' },
    { id: 'e2', source: 'a', sourceHandle: 'success', target: 'b' },
  ],
};

describe('canvas store', () => {
  it('undoes and redoes adding a node, and a new change clears the redo stack', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    const id = s().addNode(newNode('wait', ''), { x: 10, y: 10 });
    expect(s().nodes.map((n) => n.id)).toContain(id);
    s().undo();
    expect(s().nodes.map((n) => n.id)).not.toContain(id);
    expect(s().graph()).toEqual(graph);
    s().redo();
    expect(s().nodes.map((n) => n.id)).toContain(id);
    s().undo();
    s().updateNode('a', (n) => ({ ...n, label: 'Activate' }));
    expect(s().future).toHaveLength(0);
    s().redo();
    expect(s().nodes.map((n) => n.id)).not.toContain(id);
  });

  it('undoes a layout applied in parts as one step', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().applyLayout({ start: { x: 0, y: 500 }, a: { x: 300, y: 500 } });
    s().applyLayout({ b: { x: 600, y: 500 } }, { checkpoint: false });
    expect(s().graph().nodes.map((n) => n.position)).toEqual([{ x: 0, y: 500 }, { x: 300, y: 500 }, { x: 600, y: 500 }]);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('counts moves as changes to save but not to validate: layouts and drags leave contentRevision alone', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    const [saved, content] = [s().revision, s().contentRevision];
    s().applyLayout({ a: { x: 300, y: 500 } });
    s().onNodesChange([{ type: 'position', id: 'b', position: { x: 700, y: 0 }, dragging: false }]);
    expect(s().revision).toBe(saved + 2);
    expect(s().contentRevision).toBe(content);
    s().updateNode('a', (n) => ({ ...n, label: 'Activate' }));
    s().onNodesChange([{ type: 'remove', id: 'b' }]);
    expect(s().contentRevision).toBe(content + 2);
    expect(s().revision).toBe(saved + 4);
  });

  it('coalesces keystrokes in one field into a single undo step', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    for (const label of ['A', 'Ac', 'Act']) s().updateNode('a', (n) => ({ ...n, label }), 'label');
    expect(s().graph().nodes[1].label).toBe('Act');
    s().undo();
    expect(s().graph().nodes[1].label).toBeUndefined();
  });

  it('deleting a node removes the edges connected to it, and undo brings both back', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().select('a');
    s().deleteSelected();
    expect(s().nodes.map((n) => n.id)).toEqual(['start', 'b']);
    expect(s().edges).toHaveLength(0);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('pastes copies with fresh node and edge ids, internal edges remapped, and pasting twice does not collide', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().onNodesChange([
      { type: 'select', id: 'a', selected: true },
      { type: 'select', id: 'b', selected: true },
    ]);
    s().copySelection();
    s().paste();
    s().paste();
    const ids = s().nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(7);
    const edgeIds = s().edges.map((e) => e.id);
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    const pasted = s().nodes.filter((n) => !['start', 'a', 'b'].includes(n.id));
    const pastedIds = new Set(pasted.map((n) => n.id));
    const pastedEdges = s().edges.filter((e) => pastedIds.has(e.source));
    // Only the edge between the two copied nodes comes along (start→a stays behind), twice.
    expect(pastedEdges).toHaveLength(2);
    for (const e of pastedEdges) expect(pastedIds.has(e.target)).toBe(true);
    expect(pasted.every((n) => n.data.node.id === n.id)).toBe(true);
    expect(pasted[0].position).toEqual({ x: 240, y: 40 });
  });

  it('keeps one edge per outcome handle and drops edges of a removed decision branch', () => {
    const store = createCanvasStore({
      nodes: [
        { id: 'd', kind: 'decision', branches: [{ id: 'x', condition: 'true' }, { id: 'y', condition: 'false' }] },
        { id: 'p', kind: 'end', result: 'completed' },
        { id: 'q', kind: 'end', result: 'failed' },
      ],
      edges: [],
    });
    const s = () => store.getState();
    s().onConnect({ source: 'd', sourceHandle: 'y', target: 'p', targetHandle: 'in' });
    s().onConnect({ source: 'd', sourceHandle: 'y', target: 'q', targetHandle: 'in' });
    expect(s().edges.map((e) => [e.sourceHandle, e.target])).toEqual([['y', 'q']]);
    s().updateNode('d', (n) => (n.kind === 'decision' ? { ...n, branches: n.branches.filter((b) => b.id !== 'y') } : n));
    expect(s().edges).toHaveLength(0);
  });

  it('refuses edits in read-only mode', () => {
    const store = createCanvasStore();
    store.getState().load(graph, { readOnly: true });
    store.getState().select('a');
    store.getState().deleteSelected();
    store.getState().updateNode('a', (n) => ({ ...n, label: 'x' }));
    expect(store.getState().graph()).toEqual(graph);
  });

  it('counts problems per node for the node badges, and clears them with the problems', () => {
    const store = createCanvasStore(graph);
    store.getState().setProblems([
      { severity: 'error', code: 'A', nodeId: 'a', message: 'one' },
      { severity: 'warning', code: 'B', nodeId: 'a', message: 'two' },
      { severity: 'error', code: 'C', nodeId: 'a', message: 'three' },
      { severity: 'warning', code: 'D', nodeId: 'b', message: 'four' },
      { severity: 'error', code: 'E', message: 'no node' },
    ]);
    expect(store.getState().problemCounts).toEqual({ a: { errors: 2, warnings: 1 }, b: { errors: 0, warnings: 1 } });
    store.getState().setProblems([]);
    expect(store.getState().problemCounts).toEqual({});
  });

  it('marks the view pending while layouts run, done only when the last one ends, numbering each', async () => {
    const store = createCanvasStore(graph);
    expect(store.getState().layoutState).toBe('pending'); // not fitted yet
    const gate = () => {
      let open!: () => void;
      return { promise: new Promise<void>((r) => (open = r)), open: () => open() };
    };
    const [first, second] = [gate(), gate()];
    const a = store.getState().settle(() => first.promise);
    const b = store.getState().settle(() => second.promise);
    expect(store.getState().layoutState).toBe('pending');
    first.open();
    await a;
    const afterFirst = store.getState().layoutSeq;
    expect(store.getState().layoutState).toBe('pending'); // the second is still moving the view
    second.open();
    await b;
    expect(store.getState().layoutState).toBe('done');
    expect(store.getState().layoutSeq).toBeGreaterThan(afterFirst);
    // A layout that fails still ends: the view is not left pending for ever.
    await expect(store.getState().settle(() => Promise.reject(new Error('elk failed')))).rejects.toThrow('elk failed');
    expect(store.getState().layoutState).toBe('done');
  });
});
