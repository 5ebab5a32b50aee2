import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { WorkflowGraph } from '@signalbox/domain';
import { createCanvasStore, type CanvasStore } from '../canvas.store';
import { useAutosave, type SaveStatus } from './use-autosave';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const draft: WorkflowGraph = {
  nodes: [
    { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
    { id: 'done', kind: 'end', result: 'completed', position: { x: 260, y: 0 } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'done' }],
};

/** A real HTTP server standing in for the config API's draft endpoint; it records every PUT. */
interface DraftServer {
  puts: { path: string; graph: WorkflowGraph }[];
  /** When set, the next answers wait for it (a save in flight). */
  hold: Promise<void> | null;
  failNext: boolean;
  answered: number;
}
const api: DraftServer = { puts: [], answered: 0, hold: null, failNext: false };
/** Requests the client issued; a save starts its request synchronously, so this is exact right after unmount. */
let sent = 0;
let server: Server;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      api.puts.push({ path: req.url ?? '', graph: (JSON.parse(text) as { graph: WorkflowGraph }).graph });
      const answer = () => {
        const fail = api.failNext;
        api.failNext = false;
        res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' });
        res.end(fail ? '{"message":"database down"}' : '{}');
        api.answered++;
      };
      if (api.hold) void api.hold.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The client calls same-origin `/api/...`; resolve it against the test server as the browser would.
  globalThis.fetch = (input, init) => {
    sent++;
    return realFetch(new URL(String(input), base), init);
  };
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

let root: Root | null = null;
let container: HTMLElement | null = null;
afterEach(() => {
  if (root) act(() => root!.unmount());
  container?.remove();
  root = null;
  container = null;
  api.puts = [];
  api.hold = null;
  api.failNext = false;
  api.answered = 0;
  sent = 0;
});

let lastStatus: SaveStatus = { state: 'idle' };
function Canvas({ store, delayMs }: { store: CanvasStore; delayMs: number }) {
  lastStatus = useAutosave(store, 'SIM_SWAP', true, delayMs);
  return null;
}
function open(store: CanvasStore, delayMs: number) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<Canvas store={store} delayMs={delayMs} />));
}
/** Waits until the assertion holds, letting React apply the hook's status updates between tries. */
async function settle(assertion: () => void) {
  await vi.waitFor(async () => {
    await act(async () => {});
    assertion();
  });
}
function leave() {
  act(() => root!.unmount());
  root = null;
}
const moveDone = (store: CanvasStore, x: number) => store.getState().onNodesChange([{ type: 'position', id: 'done', position: { x, y: 0 }, dragging: false }]);

describe('draft autosave', () => {
  it('does not save on leaving when the graph is as it was opened, though the canvas reported changes', async () => {
    const store = createCanvasStore(draft);
    open(store, 60_000);
    // A click on a step ends a zero-length drag: a position change to where it already was.
    act(() => moveDone(store, 260));
    expect(store.getState().revision).toBeGreaterThan(0);
    leave();
    expect(sent).toBe(0);
  });

  it('saves unsaved changes on leaving, before the debounce fires', async () => {
    const store = createCanvasStore(draft);
    open(store, 60_000);
    act(() => moveDone(store, 300));
    leave();
    await settle(() => expect(api.puts).toHaveLength(1));
    expect(api.puts[0].path).toBe('/api/workflows/SIM_SWAP/draft');
    expect(api.puts[0].graph.nodes[1].position).toEqual({ x: 300, y: 0 });
  });

  it('does not save again on leaving after the last save succeeded', async () => {
    const store = createCanvasStore(draft);
    open(store, 10);
    act(() => moveDone(store, 300));
    await settle(() => expect(lastStatus.state).toBe('saved'));
    // Undo and redo come back to the saved graph: nothing new to send.
    act(() => store.getState().undo());
    act(() => store.getState().redo());
    leave();
    expect(sent).toBe(1);
    expect(api.puts).toHaveLength(1);
  });

  it('does not send the same graph twice when leaving while its save is in flight', async () => {
    const store = createCanvasStore(draft);
    let release!: () => void;
    api.hold = new Promise<void>((r) => (release = r));
    open(store, 10);
    act(() => moveDone(store, 300));
    await settle(() => expect(api.puts).toHaveLength(1));
    leave();
    expect(sent).toBe(1);
    release();
    await settle(() => expect(api.answered).toBe(1));
  });

  it('tries again on leaving when the last save failed', async () => {
    const store = createCanvasStore(draft);
    api.failNext = true;
    open(store, 10);
    act(() => moveDone(store, 300));
    await settle(() => expect(lastStatus.state).toBe('error'));
    leave();
    await settle(() => expect(api.puts).toHaveLength(2));
    expect(api.puts[1].graph.nodes[1].position).toEqual({ x: 300, y: 0 });
  });
});
