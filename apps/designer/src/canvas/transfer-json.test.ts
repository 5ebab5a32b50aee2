import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore } from './canvas.store';
import { importGraphFile } from './transfer-json';

const original: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'done', kind: 'end', result: 'completed', position: { x: 260, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'done' }],
};
const imported: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'w', kind: 'wait', wait: { type: 'duration', duration: '5m' }, position: { x: 260, y: 0 } },
    { id: 'end', kind: 'end', result: 'failed', position: { x: 520, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'w' },
    { id: 'e2', source: 'w', sourceHandle: 'next', target: 'end' },
  ],
};

describe('importing a graph file onto the canvas', () => {
  it('replaces the graph as one undoable step, and redo brings the import back', () => {
    const store = createCanvasStore(original);
    const s = () => store.getState();
    s().addNode({ id: '', kind: 'end', result: 'completed' }, { x: 0, y: 200 });
    const beforeImport = s().graph();

    importGraphFile(store, JSON.stringify({ eventCode: 'X', graph: imported }));
    expect(s().graph()).toEqual(imported);
    expect(s().past.length).toBeGreaterThan(0);

    s().undo();
    expect(s().graph()).toEqual(beforeImport);
    // The edit made before the import is still undoable too: the history survived.
    s().undo();
    expect(s().graph()).toEqual(original);

    s().redo();
    s().redo();
    expect(s().graph()).toEqual(imported);
  });

  it('leaves the graph and its history alone when the file is not a graph', () => {
    const store = createCanvasStore(original);
    expect(() => importGraphFile(store, '{"hello":"world"}')).toThrow(/Not a workflow graph/);
    expect(store.getState().graph()).toEqual(original);
    expect(store.getState().past).toHaveLength(0);
  });

  it('opening a draft with load still starts with an empty history', () => {
    const store = createCanvasStore(original);
    store.getState().addNode({ id: '', kind: 'end', result: 'completed' }, { x: 0, y: 200 });
    store.getState().load(imported);
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().graph()).toEqual(imported);
  });
});
