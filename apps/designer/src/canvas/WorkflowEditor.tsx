import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from 'zustand';
import type { WorkflowGraph } from '@signalbox/domain';
import { diffFrozenCatalogs, type CatalogEntryChange } from '@signalbox/contracts';
import type { VersionDetail, VersionInfo, WorkflowDetail } from '../api/api-types';
import { usePermissions } from '../app/session';
import { CanvasStoreProvider, useCanvas, useCanvasStoreApi } from './canvas.context';
import { subjectKeysUsed, type SubjectKeyUse } from './panels/subject-keys';
import { usePanelFocus } from '../ui/use-panel-focus';
import type { CanvasStore } from './canvas.store';
import { useCanvasCatalog } from './catalog.context';
import { FlowCanvas } from './FlowCanvas';
import { Palette } from './Palette';
import { NodePanel } from './panels/NodePanel';
import { ProblemsList } from './panels/ProblemsList';
import { VersionsPanel, type VersionRef } from './panels/VersionsPanel';
import { TestRunPanel } from './panels/TestRunPanel';
import { useAutosave, type FlushSave, type SaveStatus } from './hooks/use-autosave';
import { useValidation } from './hooks/use-validation';
import { useShortcuts } from './hooks/use-shortcuts';
import { useAutoLayout, type LayoutProgress } from './hooks/use-auto-layout';
import { nextFrame, useReadableFit } from './hooks/use-readable-fit';
import { useRunPoll } from '../runs/use-run-poll';
import { diffGraphs } from '../domain/domain.adapter';
import { diffOverlay } from './diff-view';
import { downloadJson, importGraphFile } from './transfer-json';
import { ago } from '../runs/run-format';
import { CatalogChangedBanner, CatalogDiffBanner } from './CatalogChanges';
import { PublishControls } from './PublishControls';
import { diffDetails, type DiffDetails } from './diff-details';
import { DiffList } from './panels/DiffList';
import { FindBox } from './FindBox';
import { ShortcutsSheet } from './ShortcutsSheet';
import { ContextMenu } from './ContextMenu';
import type { MenuTarget } from './context-menu.model';
import { menuTargetFor } from './groups/group-menu';
import { GroupControls } from './groups/GroupControls';
import { addNoteInView } from './notes/add-note';
import { StepRunContext, type StepRunScope } from './sample/step-run.context';

type Tab = 'step' | 'versions' | 'test';
type View = { type: 'draft' } | { type: 'version'; version: number } | { type: 'diff'; from: VersionRef; to: VersionRef };

function SaveIndicator({ status }: { status: SaveStatus }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((x) => x + 1), 1000);
    return () => clearInterval(t);
  }, []);
  // data-save-state lets a test wait until the canvas's last change is on the server.
  if (status.state === 'error') return <span className="save save-error" role="alert" data-save-state="error">{status.message}</span>;
  if (status.state === 'saving' || status.state === 'pending') return <span className="save" data-save-state={status.state}>Saving…</span>;
  if (status.state === 'saved' && status.at) return <span className="save save-ok" data-testid="save-status" data-save-state="saved">Saved · {ago(Date.now() - status.at)}</span>;
  return <span className="save muted" data-save-state="idle">All changes saved</span>;
}

/** The layout runs in a worker: the page stays usable, says how long it has been going and can stop it. */
function LayoutProgressNote({ progress, onCancel }: { progress: LayoutProgress; onCancel(): void }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="layout-progress" role="status" data-testid="layout-progress">
      Laying out {progress.steps.toLocaleString()} steps… {((now - progress.startedAt) / 1000).toFixed(1)} s
      <button className="btn btn-small" onClick={onCancel}>
        Cancel layout
      </button>
    </span>
  );
}

function Toolbar({ store, eventCode, view, status, onBackToDraft, onExtraProblems, onPublished, onShortcuts }: { store: CanvasStore; eventCode: string; view: View; status: SaveStatus; onBackToDraft(): void; onExtraProblems(p: string[]): void; onPublished(): void; onShortcuts(): void }) {
  const { canUndo, canRedo, readOnly, hasErrors } = useCanvas(
    useShallow((s) => ({ canUndo: s.past.length > 0, canRedo: s.future.length > 0, readOnly: s.readOnly, hasErrors: s.problems.some((p) => p.severity === 'error') })),
  );
  const { layout, busy, cancel, progress, error: layoutError } = useAutoLayout();
  const fileInput = useRef<HTMLInputElement>(null);
  const importGraph = async (file: File) => {
    try {
      importGraphFile(store, await file.text());
      onExtraProblems([]);
    } catch (e) {
      onExtraProblems([(e as Error).message]);
    }
  };
  return (
    <header className="wf-toolbar">
      <div className="wf-title-block">
        <a href="#/workflows" className="muted small">
          Workflows /
        </a>
        <h1>{eventCode}</h1>
        {view.type === 'version' && <span className="pill pill-info">v{view.version} · read only</span>}
        {view.type === 'diff' && (
          <span className="pill pill-info">
            diff {view.from === 'draft' ? 'draft' : `v${view.from}`} → {view.to === 'draft' ? 'draft' : `v${view.to}`}
          </span>
        )}
        {view.type !== 'draft' && (
          <button className="btn btn-small" onClick={onBackToDraft}>
            Back to draft
          </button>
        )}
        {view.type === 'draft' && !readOnly && <SaveIndicator status={status} />}
        {view.type === 'draft' && readOnly && <span className="pill">read only</span>}
      </div>
      <div className="toolbar">
        {!readOnly && (
          <>
            <button className="btn" title="Undo (Ctrl+Z)" aria-label="Undo" disabled={!canUndo} onClick={() => store.getState().undo()}>
              ↶ Undo
            </button>
            <button className="btn" title="Redo (Ctrl+Shift+Z)" aria-label="Redo" disabled={!canRedo} onClick={() => store.getState().redo()}>
              ↷ Redo
            </button>
          </>
        )}
        {!readOnly && <GroupControls store={store} />}
        <button className="btn" onClick={() => void layout()} disabled={busy} title="Arrange the steps left to right">
          Auto layout
        </button>
        {progress && <LayoutProgressNote progress={progress} onCancel={cancel} />}
        {layoutError && (
          <span className="pill pill-err" role="alert">
            {layoutError}
          </span>
        )}
        <button className="btn" onClick={() => downloadJson(`${eventCode}.workflow.json`, { eventCode, graph: store.getState().graph() })} title="Download this graph as JSON">
          Export JSON
        </button>
        {!readOnly && (
          <>
            <button className="btn" onClick={() => fileInput.current?.click()} title="Replace the draft with a graph from a JSON file (undoable)">
              Import JSON
            </button>
            <input ref={fileInput} type="file" accept="application/json,.json" hidden data-testid="import-graph" onChange={(e) => e.target.files?.[0] && void importGraph(e.target.files[0])} />
          </>
        )}
        <button className="btn" onClick={onShortcuts} title="Keyboard shortcuts (?)" aria-keyshortcuts="?">
          Shortcuts
        </button>
        {view.type === 'draft' && !readOnly && <PublishControls store={store} eventCode={eventCode} hasErrors={hasErrors} onPublished={onPublished} onProblems={onExtraProblems} />}
      </div>
    </header>
  );
}

interface SidePanelProps {
  tab: Tab;
  /** Shows that tab, opening the panel if collapsed. */
  setTab(t: Tab): void;
  open: boolean;
  onCollapse(): void;
  eventCode: string;
  versions: VersionInfo[];
  view: View;
  setView(v: View): void;
  onPublished(): void;
  onProblems(p: string[]): void;
  runId: string | null;
  setRunId(id: string | null): void;
  run: ReturnType<typeof useRunPoll>;
  flushSave(): Promise<void>;
}

function SidePanel(props: SidePanelProps) {
  const perms = usePermissions();
  const { selected, hasErrors } = useCanvas(useShallow((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return { selected: sel.length === 1 ? sel[0].id : null, hasErrors: s.problems.some((p) => p.severity === 'error') };
  }));
  const { view: catalogView } = useCanvasCatalog();
  // Recomputed when the graph's content changes (moves do not count), read only while the Test run tab shows.
  const revision = useCanvas((s) => s.contentRevision);
  const store = useCanvasStoreApi();
  const subjectKeys = useMemo(
    () => (props.tab === 'test' ? subjectKeysUsed(store.getState().graph(), catalogView, props.eventCode) : []),
    // `revision` stands for the graph's content: it changes whenever that does.
    [props.tab, revision, catalogView, props.eventCode, store],
  );
  const tabs: [Tab, string][] = [['step', 'Step'], ['versions', 'Versions'], ...(perms.testRun ? ([['test', 'Test run']] as [Tab, string][]) : [])];
  if (!props.open) {
    // Collapsed to a rail so the canvas gets the width; any tab opens the panel on it.
    return (
      <aside className="side side-rail" aria-label="Side panel (collapsed)">
        <div className="rail-tabs" role="tablist" aria-orientation="vertical">
          {tabs.map(([t, label]) => (
            <button key={t} role="tab" aria-selected={false} className="rail-tab" title={`Open ${label}`} onClick={() => props.setTab(t)}>
              {label}
            </button>
          ))}
        </div>
      </aside>
    );
  }
  return <OpenSidePanel {...props} tabs={tabs} selected={selected} hasErrors={hasErrors} subjectKeys={subjectKeys} />;
}

/** The open panel; Escape collapses it (focus stays on the canvas, where keyboard shortcuts work). */
function OpenSidePanel(props: SidePanelProps & { tabs: [Tab, string][]; selected: string | null; hasErrors: boolean; subjectKeys: SubjectKeyUse[] }) {
  const { tabs, selected, hasErrors, subjectKeys } = props;
  const ref = usePanelFocus<HTMLElement>(props.onCollapse, [], { moveFocus: false });
  return (
    // An overlay over the canvas's right edge: opening it does not shrink (or re-fit) the canvas.
    <aside className="side side-overlay" aria-label="Side panel" ref={ref}>
      <div className="tabs">
        {/* A tablist holds tabs only: the collapse button sits beside it. */}
        <div className="tabs-list" role="tablist">
          {tabs.map(([t, label]) => (
            <button key={t} role="tab" aria-selected={props.tab === t} className={`tab${props.tab === t ? ' tab-active' : ''}`} onClick={() => props.setTab(t)}>
              {label}
            </button>
          ))}
        </div>
        <button className="btn-icon side-collapse" title="Collapse the panel" aria-label="Collapse the panel" onClick={props.onCollapse}>
          »
        </button>
      </div>
      <div className="side-body">
        {props.tab === 'step' &&
          (selected ? (
            <NodePanel key={selected} nodeId={selected} />
          ) : (
            <div className="state state-empty">
              <strong>No step selected.</strong>
              <div>Drag steps from the palette onto the canvas, connect an outcome (right) to the next step (left), then click a step to edit it.</div>
              <div className="muted small">Shortcuts: Ctrl+Z / Ctrl+Shift+Z undo/redo · Ctrl+C / Ctrl+V copy/paste · Del delete · Ctrl+F find · ? all of them</div>
            </div>
          ))}
        {props.tab === 'versions' && (
          <VersionsPanel
            eventCode={props.eventCode}
            versions={props.versions}
            viewing={props.view.type === 'version' ? props.view.version : 'draft'}
            hasErrors={hasErrors}
            onOpen={(v) => props.setView(v === 'draft' ? { type: 'draft' } : { type: 'version', version: v })}
            onCompare={(from, to) => props.setView({ type: 'diff', from, to })}
            onPublished={props.onPublished}
            onProblems={props.onProblems}
          />
        )}
        {props.tab === 'test' && (
          <TestRunPanel keys={subjectKeys} eventCode={props.eventCode} run={props.run.run} pollError={props.run.error} hasErrors={hasErrors} onStarted={(id) => props.setRunId(id)} onClear={() => props.setRunId(null)} onRefresh={props.run.refresh} beforeStart={props.flushSave} />
        )}
      </div>
    </aside>
  );
}

export function WorkflowEditor(props: {
  eventCode: string;
  versions: VersionInfo[];
  draftStore: CanvasStore;
  viewStore: CanvasStore;
  loadVersion(v: number): Promise<VersionDetail>;
  catalogChangedSince?: WorkflowDetail['catalogChangedSince'];
  onPublished(): void;
  describeError(e: unknown): string;
}) {
  const { draftStore, viewStore, eventCode } = props;
  const perms = usePermissions();
  const { view: catalogView } = useCanvasCatalog();
  const [view, setView] = useState<View>({ type: 'draft' });
  const [tab, setTab] = useState<Tab>('step');
  const [panelOpen, setPanelOpen] = useState(false);
  const openTab = (t: Tab) => {
    setTab(t);
    setPanelOpen(true);
  };
  const [runId, setRunId] = useState<string | null>(null);
  const [extraProblems, setExtraProblems] = useState<string[]>([]);
  const [viewError, setViewError] = useState<string | null>(null);
  const [catalogDiff, setCatalogDiff] = useState<CatalogEntryChange[]>([]);
  const [changes, setChanges] = useState<DiffDetails | null>(null);
  const run = useRunPoll(runId);
  const store = view.type === 'draft' ? draftStore : viewStore;
  const fit = useReadableFit();

  const flushSave = useRef<FlushSave | null>(null);
  const status = useAutosave(draftStore, eventCode, perms.editDrafts, undefined, flushSave);
  useValidation(draftStore, catalogView, eventCode);
  const editable = view.type === 'draft' && perms.editDrafts;
  const [find, setFind] = useState<{ seq: number } | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [menu, setMenu] = useState<MenuTarget | null>(null);
  const { screenToFlowPosition } = useReactFlow();
  const closeMenu = useCallback(() => setMenu(null), []);
  const closeFind = useCallback(() => setFind(null), []);
  useShortcuts(store, {
    editable,
    onFind: () => setFind((f) => ({ seq: (f?.seq ?? 0) + 1 })),
    onHelp: () => setSheetOpen(true),
    onAddNote: () => addNoteInView(store, screenToFlowPosition),
    // From the keyboard: the focused step's menu below it, else the canvas's in its middle.
    onMenu: (target) => {
      const nodeEl = (target as HTMLElement | null)?.closest?.<HTMLElement>('.react-flow__node');
      const nodeId = nodeEl?.getAttribute('data-id');
      if (nodeEl && nodeId) {
        const r = nodeEl.getBoundingClientRect();
        return setMenu(menuTargetFor(store.getState(), nodeId, { x: r.left, y: r.bottom + 4 }));
      }
      const flow = document.querySelector('.flow')?.getBoundingClientRect();
      if (!flow) return;
      const screen = { x: flow.left + flow.width / 2, y: flow.top + flow.height / 2 };
      setMenu({ kind: 'pane', screen, flow: screenToFlowPosition(screen) });
    },
  });

  useEffect(() => {
    draftStore.getState().setRunNodes(run.run?.state?.nodes ?? {});
  }, [draftStore, run.run]);
  useEffect(() => {
    if (runId) {
      setTab('test');
      setPanelOpen(true);
    }
  }, [runId]);

  useEffect(() => {
    if (view.type === 'draft') return;
    let cancelled = false;
    setViewError(null);
    const graphOf = async (v: VersionRef): Promise<WorkflowGraph> => (v === 'draft' ? draftStore.getState().graph() : (await props.loadVersion(v)).graph);
    (async () => {
      if (view.type === 'version') {
        const g = await graphOf(view.version);
        if (cancelled) return;
        viewStore.getState().load(g, { readOnly: true });
        viewStore.getState().setDiffMarks({});
      } else {
        const [a, b] = await Promise.all([graphOf(view.from), graphOf(view.to)]);
        // Frozen catalogs compare between two published versions; the draft has none yet.
        const [ca, cb] = view.from !== 'draft' && view.to !== 'draft' ? await Promise.all([props.loadVersion(view.from), props.loadVersion(view.to)]) : [];
        if (cancelled) return;
        setCatalogDiff(ca?.catalog && cb?.catalog ? diffFrozenCatalogs(ca.catalog, cb.catalog) : []);
        const diff = diffGraphs(a, b);
        setChanges(diffDetails(a, b, diff));
        const { graph, marks } = diffOverlay(a, b, diff);
        viewStore.getState().load(graph, { readOnly: true });
        viewStore.getState().setDiffMarks(marks);
      }
      await viewStore.getState().settle(async () => {
        await nextFrame();
        await fit();
      });
    })().catch((e) => !cancelled && setViewError(props.describeError(e)));
    return () => {
      cancelled = true;
    };
  }, [view, viewStore, draftStore, fit]);

  const isEmpty = useStore(store, (s) => s.nodes.length === 0);
  const selectedId = useStore(store, (s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0].id : null;
  });
  const tabRef = useRef(tab);
  tabRef.current = tab;
  // The panel follows the selection on the Step tab; Versions and Test run stay open until collapsed.
  useEffect(() => {
    if (selectedId) setPanelOpen(true);
    else if (tabRef.current === 'step') setPanelOpen(false);
  }, [selectedId]);

  const stepRun = useMemo<StepRunScope>(() => ({ eventCode, flushSave: async () => flushSave.current?.(), canRun: view.type === 'draft' && perms.testRun }), [eventCode, view.type, perms.testRun]);

  return (
    <CanvasStoreProvider store={store}>
      <div className="wf-screen">
        <Toolbar
          store={store}
          eventCode={eventCode}
          view={view}
          status={status}
          onBackToDraft={() => setView({ type: 'draft' })}
          onExtraProblems={setExtraProblems}
          onPublished={() => (setExtraProblems([]), props.onPublished())}
          onShortcuts={() => setSheetOpen(true)}
        />
        {view.type === 'draft' && props.catalogChangedSince && <CatalogChangedBanner since={props.catalogChangedSince} />}
        {view.type === 'diff' && <CatalogDiffBanner changes={catalogDiff} />}
        {viewError && <div className="banner banner-error">Could not open that version: {viewError}</div>}
        {extraProblems.length > 0 && (
          <div className="banner banner-error" role="alert">
            {extraProblems.map((p) => (
              <div key={p}>{p}</div>
            ))}
            <button className="btn-icon" aria-label="Dismiss" onClick={() => setExtraProblems([])}>
              ×
            </button>
          </div>
        )}
        <div className="wf-body">
          {view.type === 'draft' && perms.editDrafts && <Palette />}
          <div className="wf-center">
            <FlowCanvas onNodeClick={() => openTab('step')} onContextMenu={setMenu} />
            {find && <FindBox focusSeq={find.seq} onClose={closeFind} />}
            {menu && (
              <ContextMenu
                key={`${menu.kind}:${menu.screen.x}:${menu.screen.y}`}
                target={menu}
                editable={editable}
                onClose={closeMenu}
                onOpenStep={(id) => {
                  store.getState().select(id);
                  openTab('step');
                }}
              />
            )}
            {isEmpty && view.type === 'draft' && (
              <div className="canvas-hint">
                <strong>This workflow is empty.</strong> Drag a <em>Start</em> step from the palette, then the steps it runs.
              </div>
            )}
            {view.type === 'draft' && <ProblemsList />}
            {view.type === 'diff' && changes && <DiffList details={changes} fromLabel={view.from === 'draft' ? 'draft' : `v${view.from}`} toLabel={view.to === 'draft' ? 'draft' : `v${view.to}`} />}
          </div>
          {/* The step panel's previews and step runs read the pinned sample of this workflow. */}
          <StepRunContext.Provider value={stepRun}>
            <SidePanel
              tab={tab}
              setTab={openTab}
              open={panelOpen}
              onCollapse={() => setPanelOpen(false)}
              eventCode={eventCode}
              versions={props.versions}
              view={view}
              setView={setView}
              onPublished={() => (setExtraProblems([]), props.onPublished())}
              onProblems={setExtraProblems}
              runId={runId}
              setRunId={setRunId}
              run={run}
              flushSave={async () => flushSave.current?.()}
            />
          </StepRunContext.Provider>
        </div>
        {sheetOpen && <ShortcutsSheet onClose={() => setSheetOpen(false)} />}
      </div>
    </CanvasStoreProvider>
  );
}
