import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/screens.css';
import './styles/canvas.css';
import './styles/notes-groups.css';
import './styles/ops.css';
import { App } from './app/App';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bench = /^(\d+)x(\d+)$/.exec(new URLSearchParams(window.location.search).get('bench') ?? '');
if (bench) {
  // Canvas benchmark hook (apps/designer/bench): a generated graph, no sign-in, no API; with
  // `bare=1`, the same graph in plain @xyflow/react, the benchmark's baseline.
  const [nodes, edges] = [Number(bench[1]), Number(bench[2])];
  if (new URLSearchParams(window.location.search).get('bare') === '1') {
    void import('./bench/BareCanvas').then(({ BareCanvas }) => root.render(<BareCanvas nodes={nodes} edges={edges} />));
  } else {
    void import('./bench/BenchCanvas').then(({ BenchCanvas }) => root.render(<BenchCanvas nodes={nodes} edges={edges} />));
  }
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
