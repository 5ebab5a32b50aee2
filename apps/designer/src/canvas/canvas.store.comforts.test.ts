import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore } from './canvas.store';
import { newNode } from './node-factory';

// The store actions behind the canvas's context menu and drop-on-connection.
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

describe('canvas store: menu actions', () => {
  it('duplicates a step beside it without touching the clipboard', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().copyNodes(['b']);
    s().duplicateNodes(['a']);
    const copy = s().nodes.find((n) => !['start', 'a', 'b'].includes(n.id))!;
    expect(copy.data.node).toMatchObject({ kind: 'action', actionCode: 'HSS_ACTIVATE' });
    expect(copy.position).toEqual({ x: 240, y: 40 });
    expect(copy.selected).toBe(true);
    expect(s().clipboard?.nodes.map((n) => n.id)).toEqual(['b']);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('pastes the clipboard with its top-left step at a point', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().copyNodes(['a', 'b']);
    s().pasteAt({ x: 1000, y: 500 });
    const pasted = s().nodes.filter((n) => n.selected);
    expect(pasted.map((n) => n.position)).toEqual([
      { x: 1000, y: 500 },
      { x: 1200, y: 500 },
    ]);
    // The connection between the two copied steps comes along.
    expect(s().edges.filter((e) => pasted.some((p) => p.id === e.source))).toHaveLength(1);
  });

  it('deletes a step with its connections, in one undo', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    s().deleteNodes(['a']);
    expect(s().nodes.map((n) => n.id)).toEqual(['start', 'b']);
    expect(s().edges).toEqual([]);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('does nothing to a read-only view', () => {
    const store = createCanvasStore();
    store.getState().load(graph, { readOnly: true });
    store.getState().deleteNodes(['a']);
    store.getState().duplicateNodes(['a']);
    expect(store.getState().graph()).toEqual(graph);
  });
});

describe('canvas store: insertOnEdge', () => {
  it('splices a step into a connection, keeping the outcome on the first half', () => {
    const store = createCanvasStore(graph);
    const s = () => store.getState();
    const id = s().insertOnEdge('e2', newNode('wait', ''), { x: 300, y: 100 }, 'next')!;
    const g = s().graph();
    expect(g.edges).toContainEqual({ id: 'e2', source: 'a', sourceHandle: 'success', target: id });
    expect(g.edges).toContainEqual(expect.objectContaining({ source: id, sourceHandle: 'next', target: 'b' }));
    expect(g.edges).toHaveLength(3);
    s().undo();
    expect(s().graph()).toEqual(graph);
  });

  it('ignores a connection that is gone', () => {
    const store = createCanvasStore(graph);
    expect(store.getState().insertOnEdge('nope', newNode('wait', ''), { x: 0, y: 0 }, 'next')).toBeUndefined();
    expect(store.getState().graph()).toEqual(graph);
  });
});
