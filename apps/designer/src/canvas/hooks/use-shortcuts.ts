import { useEffect, useRef } from 'react';
import type { CanvasStore } from '../canvas.store';
import { shortcutFor, type ShortcutId } from '../shortcuts';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export interface ShortcutHandlers {
  /** Graph edits (undo, paste, delete…) only where the view is editable. */
  editable: boolean;
  onFind(): void;
  onHelp(): void;
  /** Shift+F10 / Menu key: the menu of the step that has focus, or of the canvas. */
  onMenu(target: EventTarget | null): void;
  /** Shift+N: a sticky note where the user is looking. */
  onAddNote?(): void;
}

/**
 * Canvas keyboard shortcuts, dispatched from the one list in `shortcuts.ts`; ignored while typing
 * in a form field, except Ctrl/⌘+F, which finds a step from anywhere on the canvas screen.
 */
export function useShortcuts(store: CanvasStore, handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = latest.current;
      const id = shortcutFor(e, { editable: h.editable });
      if (!id || (id !== 'find' && typingInField(e.target))) return;
      // A dialog (the shortcuts sheet) or an open menu handles its own keys.
      if ((e.target as HTMLElement | null)?.closest?.('[role="dialog"], [role="menu"]')) return;
      run(id, store, h, e.target);
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

function run(id: ShortcutId, store: CanvasStore, h: ShortcutHandlers, target: EventTarget | null): void {
  const s = store.getState();
  switch (id) {
    case 'undo':
      return s.undo();
    case 'redo':
      return s.redo();
    case 'copy':
      return s.copySelection();
    case 'paste':
      return s.paste();
    case 'selectAll':
      // Steps folded into a collapsed group stay unselected: Delete must not remove what is not shown.
      return s.onCanvasNodesChange(s.nodes.flatMap((n) => (n.hidden ? [] : [{ type: 'select' as const, id: n.id, selected: true }])));
    case 'delete':
      return s.deleteSelected();
    case 'find':
      return h.onFind();
    case 'help':
      return h.onHelp();
    case 'menu':
      return h.onMenu(target);
    case 'addNote':
      return h.onAddNote?.();
    case 'group':
      return void s.groupSelection();
    case 'ungroup':
      return s.ungroupSelection();
    default:
      return;
  }
}
