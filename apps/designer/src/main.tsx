import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/screens.css';
import './styles/canvas.css';
import { App } from './app/App';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bench = /^(\d+)x(\d+)$/.exec(new URLSearchParams(window.location.search).get('bench') ?? '');
if (bench) {
  // Canvas benchmark hook (apps/designer/bench): a generated graph, no sign-in, no API.
  window.__signalboxBench = { start: performance.now(), nodes: Number(bench[1]), edges: Number(bench[2]) };
  void import('./bench/BenchCanvas').then(({ BenchCanvas }) => root.render(<BenchCanvas nodes={Number(bench[1])} edges={Number(bench[2])} />));
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
