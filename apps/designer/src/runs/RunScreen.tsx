import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useCatalog } from '../api/catalog.data';
import { CanvasCatalogProvider } from '../canvas/catalog.context';
import { CanvasStoreProvider, useCanvas } from '../canvas/canvas.context';
import { createCanvasStore } from '../canvas/canvas.store';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { ErrorState, Loading } from '../ui/states';
import { href } from '../app/router';
import { useRunPoll } from './use-run-poll';
import { RunNodeDetails } from './RunNodeDetails';
import { formatTime, runDuration } from './run-format';
import { RunActions } from './RunActions';

function SelectedRunNode() {
  const { id, state } = useCanvas(
    useShallow((s) => {
      const sel = s.nodes.find((n) => n.selected);
      return { id: sel?.id, state: sel ? s.runNodes[sel.id] : undefined };
    }),
  );
  if (!id) return <p className="muted">Click a step for its inputs, outputs, error and provider exchange.</p>;
  if (!state) return <p className="muted">Step {id} has not run (yet).</p>;
  return (
    <>
      <h3>
        Step <code>{id}</code>
      </h3>
      <RunNodeDetails state={state} />
    </>
  );
}

/** A past or live run drawn on the graph it ran, coloured by node status. */
export function RunScreen({ runId }: { runId: string }) {
  const { run, error, refresh } = useRunPoll(runId);
  const catalog = useCatalog();
  const [store] = useState(() => createCanvasStore());
  const [loadedGraph, setLoadedGraph] = useState(false);
  useEffect(() => {
    if (!run) return;
    // A run whose input could not be read has no graph: the overlay then stays empty.
    if (!loadedGraph && run.graph) {
      store.getState().load(run.graph, { readOnly: true });
      setLoadedGraph(true);
    }
    store.getState().setRunNodes(run.state?.nodes ?? {});
  }, [run, store, loadedGraph]);
  if (!run && error) return <ErrorState message={error} />;
  if (!run || (catalog.loading && !catalog.data)) return <Loading what="Opening the run" />;
  return (
    <CanvasCatalogProvider data={catalog.data}>
      <CanvasStoreProvider store={store}>
        <ReactFlowProvider>
          <div className="wf-screen">
            <header className="wf-toolbar">
              <div className="wf-title-block">
                <a href={href('runs')} className="muted small">
                  Runs /
                </a>
                <h1>{run.eventCode}</h1>
                <span className={`pill run-${run.status}`}>{run.status}</span>
                {run.isTest && <span className="pill">test</span>}
                <span className="muted small">
                  {run.version ? `v${run.version}` : 'draft'} · started {formatTime(run.startedAt)} · {runDuration(run)}
                </span>
              </div>
              <div className="toolbar">
                {run.eventCode && (
                  <a className="btn" href={href('workflows', run.eventCode)}>
                    Open workflow
                  </a>
                )}
                {run.temporalUrl && (
                  <a className="btn" href={run.temporalUrl} target="_blank" rel="noreferrer">
                    Temporal UI ↗
                  </a>
                )}
              </div>
            </header>
            <div className="wf-body">
              <div className="wf-center">
                <FlowCanvas />
              </div>
              <aside className="side">
                <div className="side-body">
                  <h2>Run</h2>
                  <div className="small mono">{run.runId}</div>
                  <div className="small">
                    Subject:{' '}
                    {Object.entries(run.subject ?? {})
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ')}
                  </div>
                  {run.state?.reason && <div className="banner banner-error">{run.state.reason}</div>}
                  {run.stateError && <div className="banner banner-error">{run.stateError}</div>}
                  <RunActions run={run} onChanged={refresh} />
                  <SelectedRunNode />
                </div>
              </aside>
            </div>
          </div>
        </ReactFlowProvider>
      </CanvasStoreProvider>
    </CanvasCatalogProvider>
  );
}
