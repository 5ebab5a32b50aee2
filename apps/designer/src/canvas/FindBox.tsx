import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useCanvas, useCanvasStoreApi } from './canvas.context';
import { useCanvasCatalog } from './catalog.context';
import { cycle, findNodes } from './find-nodes';
import { nextFrame, READABLE_MIN_ZOOM } from './hooks/use-readable-fit';

/** Screen pixels of the canvas's right edge that the open side panel covers. */
function hiddenByPanel(): number {
  const flow = document.querySelector('.flow')?.getBoundingClientRect();
  const side = document.querySelector('.side-overlay')?.getBoundingClientRect();
  if (!flow || !side) return 0;
  return Math.max(0, Math.min(flow.right, side.right) - Math.max(flow.left, side.left));
}

/**
 * Ctrl/⌘+F over the canvas. Typing only filters the store's nodes (no subscription to them, so a
 * drag elsewhere never re-renders this); Enter / Shift+Enter select a match and centre the view on it.
 */
export function FindBox({ focusSeq, onClose }: { focusSeq: number; onClose(): void }) {
  const store = useCanvasStoreApi();
  const { actionCodes } = useCanvasCatalog();
  const { setCenter, getInternalNode, getZoom } = useReactFlow();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  // Read from the store when the query or the graph's content changes (a step added, renamed or
  // deleted), never on a move: a drag of 2,000 steps does not re-run the filter.
  const contentRevision = useCanvas((s) => s.contentRevision);
  const matches = useMemo(
    () => findNodes(store.getState().nodes, query, actionCodes),
    // contentRevision stands for the nodes' content, read from the store inside.
    [query, actionCodes, store, contentRevision],
  );

  // The graph changed: the matches are new, so "n of m" starts again.
  useEffect(() => setIndex(-1), [contentRevision]);
  useEffect(() => {
    opener.current ??= document.activeElement as HTMLElement | null;
    input.current?.focus();
    input.current?.select();
  }, [focusSeq]);
  useEffect(
    () => () => {
      const back = opener.current;
      if (back && back.isConnected && back !== document.body) back.focus();
    },
    [],
  );

  const go = (step: 1 | -1) => {
    const next = cycle(index, matches.length, step);
    if (next < 0) return;
    setIndex(next);
    const { id } = matches[next];
    store.getState().select(id);
    // settle(): the canvas says when the view has stopped moving (tests and the minimap wait on it).
    void store.getState().settle(async () => {
      // Selecting opens the side panel over the canvas's right edge: centre once it is there.
      await nextFrame();
      await nextFrame();
      const n = getInternalNode(id);
      if (!n) return;
      const zoom = Math.max(getZoom(), READABLE_MIN_ZOOM);
      const x = n.internals.positionAbsolute.x + (n.measured.width ?? 0) / 2 + hiddenByPanel() / 2 / zoom;
      const y = n.internals.positionAbsolute.y + (n.measured.height ?? 0) / 2;
      // No animation: an animated move cut short by the next Enter never resolves its promise.
      await setCenter(x, y, { zoom });
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      go(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      // Handled here: the side panel's own Escape must not close too.
      e.preventDefault();
      onClose();
    }
  };

  const status = !query.trim() ? '' : matches.length === 0 ? 'No match' : index < 0 ? `${matches.length} match${matches.length === 1 ? '' : 'es'}` : `${index + 1} of ${matches.length}`;
  return (
    <div className="find-box" role="search" aria-label="Find a step">
      <input
        ref={input}
        type="search"
        aria-label="Find a step by title, id or action code"
        placeholder="Find a step (title, id, action code)"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(-1);
        }}
        onKeyDown={onKeyDown}
      />
      <span className="find-count" role="status" data-testid="find-count">
        {status}
      </span>
      <button className="btn-icon" aria-label="Previous match (Shift+Enter)" title="Previous match (Shift+Enter)" disabled={!matches.length} onClick={() => go(-1)}>
        ↑
      </button>
      <button className="btn-icon" aria-label="Next match (Enter)" title="Next match (Enter)" disabled={!matches.length} onClick={() => go(1)}>
        ↓
      </button>
      <button className="btn-icon" aria-label="Close find (Escape)" title="Close (Escape)" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
