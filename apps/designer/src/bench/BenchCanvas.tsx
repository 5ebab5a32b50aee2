import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { CanvasCatalogProvider } from '../canvas/catalog.context';
import { CanvasStoreProvider } from '../canvas/canvas.context';
import { createCanvasStore } from '../canvas/canvas.store';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { useAutoLayout } from '../canvas/hooks/use-auto-layout';
import { generateGraph } from './generate-graph';

/** The designer's Auto layout, as the toolbar runs it (in a worker, with progress and cancel). */
function LayoutButton() {
  const { layout, busy, cancel, progress } = useAutoLayout();
  return (
    <div style={{ position: 'absolute', top: 8, left: 8, zIndex: 10, display: 'flex', gap: 6, alignItems: 'center' }}>
      <button className="btn" onClick={() => void layout()} disabled={busy}>
        Auto layout
      </button>
      {progress && (
        <button className="btn" onClick={cancel}>
          Cancel layout
        </button>
      )}
    </div>
  );
}

/** The canvas alone with a generated graph, no API: loaded by `?bench=300x400` for the benchmark. */
export function BenchCanvas({ nodes, edges }: { nodes: number; edges: number }) {
  const [store] = useState(() => createCanvasStore(generateGraph(nodes, edges)));
  return (
    <CanvasCatalogProvider data={undefined}>
      <CanvasStoreProvider store={store}>
        <ReactFlowProvider>
          <div style={{ height: '100vh', display: 'flex', position: 'relative' }}>
            <LayoutButton />
            <FlowCanvas />
          </div>
        </ReactFlowProvider>
      </CanvasStoreProvider>
    </CanvasCatalogProvider>
  );
}
