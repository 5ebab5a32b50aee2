import { useEffect } from 'react';
import type { CanvasStore } from '../canvas.store';

function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** Canvas keyboard shortcuts; ignored while typing in a form field. */
export function useShortcuts(store: CanvasStore, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (typingInField(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const s = store.getState();
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) s.redo();
      else if (mod && key === 'c') s.copySelection();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'a') s.onNodesChange(s.nodes.map((n) => ({ type: 'select', id: n.id, selected: true })));
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.deleteSelected();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, enabled]);
}
