import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { CanvasCatalogProvider } from '../canvas/catalog.context';
import { CanvasStoreProvider } from '../canvas/canvas.context';
import { createCanvasStore } from '../canvas/canvas.store';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { generateGraph } from './generate-graph';

declare global {
  interface Window {
    __signalboxBench?: { openedAt?: number; start: number; nodes: number; edges: number };
  }
}

/** The canvas alone with a generated graph, no API: loaded by `?bench=300x400` for the benchmark. */
export function BenchCanvas({ nodes, edges }: { nodes: number; edges: number }) {
  const [store] = useState(() => createCanvasStore(generateGraph(nodes, edges)));
  return (
    <CanvasCatalogProvider data={undefined}>
      <CanvasStoreProvider store={store}>
        <ReactFlowProvider>
          <div style={{ height: '100vh', display: 'flex' }}>
            <FlowCanvas fitAll />
          </div>
        </ReactFlowProvider>
      </CanvasStoreProvider>
    </CanvasCatalogProvider>
  );
}
