import { useMemo, useState, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { NODE_KINDS, type NodeKind } from '@signalbox/domain';
import { KIND_HINTS, KIND_TITLES, newNode } from './node-factory';
import { dropDefaults } from './drop-defaults';
import { PALETTE_MIME, type PaletteItem } from './FlowCanvas';
import { useCanvasCatalog } from './catalog.context';
import { useCanvasStoreApi } from './canvas.context';
import { href } from '../app/router';
import { useRemembered } from '../ui/use-remembered';
import { addNoteInView } from './notes/add-note';

const CATEGORY_TITLES: Record<string, string> = { provisioning: 'Provisioning', communication: 'Communication', billing: 'Billing', integration: 'Integration', other: 'Other' };

export function Palette() {
  const { data, ownEventCode } = useCanvasCatalog();
  const store = useCanvasStoreApi();
  const { screenToFlowPosition } = useReactFlow();
  const [q, setQ] = useState('');
  const [hidden, setHidden] = useRemembered('paletteHidden', false);

  const groups = useMemo(() => {
    const cat = new Map(data.actionTypes.map((t) => [t.key, t.category as string]));
    const out = new Map<string, typeof data.actionCodes>();
    const needle = q.toLowerCase();
    for (const a of data.actionCodes) {
      if (needle && !a.code.toLowerCase().includes(needle) && !a.name.toLowerCase().includes(needle)) continue;
      const c = cat.get(a.actionType) ?? 'other';
      out.set(c, [...(out.get(c) ?? []), a]);
    }
    return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data, q]);

  const onDragStart = (e: DragEvent, item: PaletteItem) => {
    e.dataTransfer.setData(PALETTE_MIME, JSON.stringify(item));
    e.dataTransfer.effectAllowed = 'copy';
    // The side panel overlays the canvas: while a step is dragged it lets the drop through.
    document.body.classList.add('palette-dragging');
  };
  const onDragEnd = () => document.body.classList.remove('palette-dragging');
  // Keyboard/double-click alternative to dragging: place in the middle of the view.
  const place = (item: PaletteItem) => {
    if (item.kind === 'note') return void addNoteInView(store, screenToFlowPosition);
    const rect = document.querySelector('.flow')?.getBoundingClientRect();
    const pos = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2 - 90, y: rect.top + rect.height / 2 - 30 }) : { x: 0, y: 0 };
    const defaults = dropDefaults({ templates: data.templates, eventCodes: data.eventCodes, nodes: store.getState().graph().nodes, ownEventCode });
    store.getState().addNode(newNode(item.kind, '', { actionCode: item.actionCode, ...defaults }), pos);
  };
  const kinds = NODE_KINDS.filter((k) => k !== 'action' && (!q || KIND_TITLES[k].toLowerCase().includes(q.toLowerCase())));
  const item = (key: string, p: PaletteItem, title: string, hint: string, cls: string) => (
    <li key={key}>
      <button type="button" className={`palette-item ${cls}`} draggable onDragStart={(e) => onDragStart(e, p)} onDragEnd={onDragEnd} onDoubleClick={() => place(p)} onKeyDown={(e) => e.key === 'Enter' && place(p)} title={`${title}: ${hint}. Drag onto the canvas (or press Enter).`} data-palette={p.actionCode ?? p.kind}>
        <span className="palette-title">{title}</span>
        <span className="palette-hint">{hint}</span>
      </button>
    </li>
  );
  if (hidden) {
    return (
      <aside className="palette palette-rail" aria-label="Palette (collapsed)">
        <button className="rail-tab" onClick={() => setHidden(false)} title="Show the palette of steps" aria-label="Show the palette">
          Steps
        </button>
      </aside>
    );
  }
  return (
    <aside className="palette" aria-label="Palette">
      <div className="palette-head">
        <input className="search" type="search" placeholder="Find a step…" value={q} onChange={(e) => setQ(e.target.value)} aria-label="Find a step" />
        <button className="btn-icon" onClick={() => setHidden(true)} title="Hide the palette" aria-label="Hide the palette">
          «
        </button>
      </div>
      <h3>Steps</h3>
      <ul>
        {kinds.map((k: NodeKind) => item(k, { kind: k }, KIND_TITLES[k], KIND_HINTS[k], `kind-${k}`))}
        {(!q || 'note'.includes(q.toLowerCase())) && item('note', { kind: 'note' }, 'Note', 'A sticky note for readers', 'kind-note')}
      </ul>
      {groups.map(([category, codes]) => (
        <div key={category}>
          <h3>{CATEGORY_TITLES[category] ?? category}</h3>
          <ul>{codes.map((a) => item(a.code, { kind: 'action', actionCode: a.code }, a.code, a.name, 'kind-action'))}</ul>
        </div>
      ))}
      {!data.actionCodes.length && (
        <p className="muted small">
          No action codes yet. <a href={href('action-codes')}>Create one</a> to place provisioning or billing steps.
        </p>
      )}
    </aside>
  );
}
