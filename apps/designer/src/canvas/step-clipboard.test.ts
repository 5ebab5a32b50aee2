import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore } from './canvas.store';
import { privateClipboard, tabClipboard } from './step-clipboard';

const first: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'a', kind: 'action', actionCode: 'HSS_ACTIVATE', inputs: {}, position: { x: 200, y: 0 } },
    { id: 'w', kind: 'wait', wait: { type: 'duration', duration: '1h' }, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'a' },
    { id: 'e2', source: 'a', sourceHandle: 'success', target: 'w' },
  ],
};
const second: WorkflowGraph = { nodes: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }], edges: [] };

/** A sessionStorage stand-in: a Map behind the three calls the clipboard makes. */
function memoryStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (refuse) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('step clipboard', () => {
  it("pastes steps copied in one workflow's canvas into another's, with the connection between them", () => {
    const shared = tabClipboard(memoryStorage());
    const a = createCanvasStore(first, shared);
    const b = createCanvasStore(second, shared);
    a.getState().copyNodes(['a', 'w']);
    b.getState().paste();
    const pasted = b.getState().nodes.filter((n) => n.id !== 'start');
    expect(pasted.map((n) => n.data.node.kind).sort()).toEqual(['action', 'wait']);
    expect(b.getState().edges).toHaveLength(1);
    const [edge] = b.getState().edges;
    expect(pasted.map((n) => n.id).sort()).toEqual([edge.source, edge.target].sort());
    // The first canvas is untouched.
    expect(a.getState().graph()).toEqual(first);
  });

  it('a canvas opened after the copy offers it; private clipboards share nothing', () => {
    const shared = tabClipboard(memoryStorage());
    createCanvasStore(first, shared).getState().copyNodes(['a']);
    expect(createCanvasStore(second, shared).getState().clipboard?.nodes).toHaveLength(1);
    const alone = createCanvasStore(first, privateClipboard());
    alone.getState().copyNodes(['a']);
    const other = createCanvasStore(second, privateClipboard());
    other.getState().paste();
    expect(other.getState().nodes).toHaveLength(1);
  });

  it('keeps the copy in the storage (a reload keeps it), and in memory when the storage refuses', () => {
    const storage = memoryStorage();
    tabClipboard(storage).write({ nodes: createCanvasStore(first).getState().nodes.slice(1, 2), edges: [] });
    expect(tabClipboard(storage).read()?.nodes.map((n) => n.id)).toEqual(['a']);
    const refusing = tabClipboard(memoryStorage(true));
    refusing.write({ nodes: createCanvasStore(first).getState().nodes.slice(0, 1), edges: [] });
    expect(refusing.read()?.nodes.map((n) => n.id)).toEqual(['start']);
  });
});
