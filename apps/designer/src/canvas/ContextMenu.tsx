import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { NODE_KINDS, type NodeKind } from '@signalbox/domain';
import { useCanvasStoreApi } from './canvas.context';
import { useCanvasCatalog } from './catalog.context';
import { menuItems, nextEnabled, placeMenu, type MenuTarget } from './context-menu.model';
import { dropDefaults } from './drop-defaults';
import { KIND_TITLES, newNode } from './node-factory';
import { groupFromStep, groupOrNoteAction } from './groups/group-menu';

const FIT_ALL_OPTIONS = { padding: 0.2, maxZoom: 1 };

interface Props {
  target: MenuTarget;
  editable: boolean;
  onClose(): void;
  /** "Open": select the step and show its form. */
  onOpenStep(id: string): void;
}

/** Right-click (or Shift+F10) menu of a step or of the canvas; arrow keys move, Escape closes. */
export function ContextMenu({ target, editable, onClose, onOpenStep }: Props) {
  const store = useCanvasStoreApi();
  const { fitView } = useReactFlow();
  const [choosing, setChoosing] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState(target.screen);
  const s0 = store.getState();
  const items = menuItems(target, {
    editable,
    canPaste: !!(s0.clipboard?.nodes.length || s0.clipboard?.notes?.length),
    selectedSteps: s0.selectedSteps,
    grouped: target.kind === 'node' && s0.groups.some((g) => g.nodeIds.includes(target.nodeId)),
  });

  // Focus moves into the menu and back to what had it when the menu closes.
  // Read while rendering the first time, before the layout effect below moves focus into the menu.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(() => {
    return () => {
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, [opener]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setPos(placeMenu(target.screen, { width: el.offsetWidth, height: el.offsetHeight }, { width: window.innerWidth, height: window.innerHeight }));
    el.querySelector<HTMLElement>('[role="menuitem"]:not([disabled]), input')?.focus();
  }, [target, choosing]);
  // A press anywhere outside closes it (the canvas's own right-click reopens it elsewhere).
  useEffect(() => {
    const onDown = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && onClose();
    window.addEventListener('mousedown', onDown, true);
    return () => window.removeEventListener('mousedown', onDown, true);
  }, [onClose]);

  const act = (id: string) => {
    const s = store.getState();
    if (id === 'add') return setChoosing(true);
    if (target.kind === 'node') {
      if (id === 'open') onOpenStep(target.nodeId);
      else if (id === 'duplicate') s.duplicateNodes([target.nodeId]);
      else if (id === 'copy') s.copyNodes([target.nodeId]);
      else if (id === 'delete') s.deleteNodes([target.nodeId]);
      else if (id === 'group') groupFromStep(s, target.nodeId);
      else if (id === 'ungroup') s.ungroup(s.groups.filter((g) => g.nodeIds.includes(target.nodeId)).map((g) => g.id));
    } else if (target.kind === 'note' || target.kind === 'group') {
      groupOrNoteAction(s, target, id);
    } else if (id === 'paste') s.pasteAt(target.flow);
    else if (id === 'note') s.addNote(target.flow);
    else if (id === 'group') s.groupSelection();
    else if (id === 'fit') void s.settle(() => fitView(FIT_ALL_OPTIONS));
    onClose();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      return choosing ? setChoosing(false) : onClose();
    }
    if (e.key === 'Tab') return onClose();
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const all = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"], .context-choices button') ?? [])];
    const from = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = nextEnabled(
      all.map((b) => ({ disabled: b.disabled })),
      from,
      e.key === 'ArrowDown' ? 1 : -1,
    );
    if (next >= 0) all[next].focus();
  };

  const label = target.kind === 'node' ? `Step ${target.nodeId}` : target.kind === 'note' ? 'Note' : target.kind === 'group' ? 'Group' : 'Canvas';
  // Nothing to offer (a note in a read-only view): no menu; the next press outside closes it.
  if (!items.length && !choosing) return null;
  return (
    // Choosing a step is a small dialog (a filter field and buttons), not a menu: a menu holds menu items only.
    <div ref={ref} className="context-menu" role={choosing ? 'dialog' : 'menu'} aria-label={choosing ? 'Add a step here' : `${label} menu`} style={{ left: pos.x, top: pos.y }} onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {choosing && target.kind === 'pane' ? (
        <StepChooser at={target.flow} onDone={onClose} />
      ) : (
        items.map((item) => (
          <button key={item.id} type="button" role="menuitem" className="context-item" disabled={item.disabled} onClick={() => act(item.id)}>
            {item.label}
          </button>
        ))
      )}
    </div>
  );
}

/** The palette's choices, filtered as you type; the chosen step is placed where the menu opened. */
function StepChooser({ at, onDone }: { at: { x: number; y: number }; onDone(): void }) {
  const store = useCanvasStoreApi();
  const { data, ownEventCode } = useCanvasCatalog();
  const [q, setQ] = useState('');
  const choices = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const kinds = NODE_KINDS.filter((k) => k !== 'action').map((k) => ({ key: k, kind: k as NodeKind, label: KIND_TITLES[k], actionCode: undefined as string | undefined }));
    const codes = data.actionCodes.map((a) => ({ key: `action:${a.code}`, kind: 'action' as NodeKind, label: `${a.code} · ${a.name}`, actionCode: a.code }));
    return [...kinds, ...codes].filter((c) => !needle || c.label.toLowerCase().includes(needle));
  }, [q, data.actionCodes]);
  const add = (kind: NodeKind, actionCode?: string) => {
    const defaults = dropDefaults({ templates: data.templates, eventCodes: data.eventCodes, nodes: store.getState().graph().nodes, ownEventCode });
    store.getState().addNode(newNode(kind, '', { actionCode, ...defaults }), at);
    onDone();
  };
  return (
    <>
      <input
        className="context-filter"
        type="search"
        aria-label="Filter the steps"
        placeholder="Filter steps…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && choices[0]) add(choices[0].kind, choices[0].actionCode);
        }}
      />
      <div className="context-choices">
        {choices.map((c) => (
          <button key={c.key} type="button" className="context-item" onClick={() => add(c.kind, c.actionCode)}>
            {c.label}
          </button>
        ))}
        {!choices.length && <div className="muted small context-none">No step matches.</div>}
      </div>
    </>
  );
}
