import { memo, useEffect, useRef, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { CANVAS_COLORS, NOTE_SIZE, NOTE_TEXT_MAX, type CanvasColor } from '@signalbox/domain';
import { useCanvas, useCanvasStoreApi } from '../canvas.context';
import { useZoomedOut } from '../nodes/level-of-detail';
import type { NoteFlowNode } from './note.adapter';

export const COLOR_NAMES: Record<CanvasColor, string> = { yellow: 'Yellow', blue: 'Blue', green: 'Green', pink: 'Pink', grey: 'Grey' };

/**
 * A sticky note: text shown as typed. Double-click (or Enter when it has focus) to edit; Escape
 * or clicking away finishes, as one undoable edit. Selected, it shows its colours, Delete and
 * resize handles. It has no handles: nothing connects to a note.
 */
function NoteNodeView({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const store = useCanvasStoreApi();
  const readOnly = useCanvas((s) => s.readOnly);
  const light = useZoomedOut();
  const [editing, setEditing] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const color = data.color ?? 'yellow';

  // Enter on the focused note (React Flow's node wrapper has the focus) starts editing.
  useEffect(() => {
    const wrapper = root.current?.closest<HTMLElement>('.react-flow__node');
    if (!wrapper || readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && e.target === wrapper) {
        e.preventDefault();
        setEditing(true);
      }
    };
    wrapper.addEventListener('keydown', onKey);
    return () => wrapper.removeEventListener('keydown', onKey);
  }, [readOnly]);

  if (light) return <div ref={root} className={`note-node note-${color} note-light`} data-testid={`note-${id}`} />;
  return (
    <div ref={root} className={`note-node note-${color}${selected ? ' selected' : ''}`} data-testid={`note-${id}`} onDoubleClick={() => !readOnly && setEditing(true)}>
      {!readOnly && (
        <NodeResizer
          isVisible={!!selected && !editing}
          minWidth={NOTE_SIZE.min}
          minHeight={NOTE_SIZE.min}
          maxWidth={NOTE_SIZE.max}
          maxHeight={NOTE_SIZE.max}
          lineClassName="note-resize-line"
          handleClassName="note-resize-handle"
          onResizeStart={() => store.getState().checkpoint()}
        />
      )}
      {selected && !readOnly && !editing && (
        <div className="note-tools nodrag" role="toolbar" aria-label="Note">
          {CANVAS_COLORS.map((c) => (
            <button key={c} type="button" className={`note-swatch note-${c}`} aria-label={`${COLOR_NAMES[c]} note`} aria-pressed={c === color} title={COLOR_NAMES[c]} onClick={() => store.getState().updateNote(id, { color: c })} />
          ))}
          <button type="button" className="note-tool" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="note-tool" aria-label="Delete note" title="Delete note" onClick={() => store.getState().deleteNotes([id])}>
            ×
          </button>
        </div>
      )}
      {editing ? (
        <NoteEditor
          initial={data.text}
          onDone={(text) => {
            setEditing(false);
            if (text !== data.text) store.getState().updateNote(id, { text });
            // Back to the note itself, so Enter edits again and Delete deletes it.
            root.current?.closest<HTMLElement>('.react-flow__node')?.focus();
          }}
        />
      ) : (
        <div className="note-text">{data.text || <span className="note-placeholder">{readOnly ? '' : 'Double-click to write a note'}</span>}</div>
      )}
    </div>
  );
}

function NoteEditor({ initial, onDone }: { initial: string; onDone(text: string): void }) {
  const [text, setText] = useState(initial);
  const done = useRef(false);
  const finish = () => {
    if (done.current) return;
    done.current = true;
    onDone(text);
  };
  return (
    <textarea
      className="note-editor nodrag nowheel"
      aria-label="Note text"
      autoFocus
      maxLength={NOTE_TEXT_MAX}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={finish}
      onFocus={(e) => e.currentTarget.setSelectionRange(e.currentTarget.value.length, e.currentTarget.value.length)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish();
        }
      }}
    />
  );
}

export const NoteNode = memo(NoteNodeView);
