import { useEffect, useRef, type RefObject } from 'react';

const FIELDS = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * A panel that opens over or beside a screen: focus moves to its first field (or the panel
 * itself) when it opens and back to what had it when it closes; Escape closes it.
 */
export function usePanelFocus<T extends HTMLElement>(onClose: () => void, deps: unknown[] = [], options: { moveFocus?: boolean } = {}): RefObject<T | null> {
  const moveFocus = options.moveFocus ?? true;
  const ref = useRef<T>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    if (!moveFocus) return;
    const opener = document.activeElement as HTMLElement | null;
    const panel = ref.current;
    const first = panel?.querySelector<HTMLElement>(FIELDS);
    if (first) first.focus();
    else if (panel) {
      panel.tabIndex = -1;
      panel.focus();
    }
    return () => {
      // Back to the opener if it is still on the page (a row re-rendered away leaves it lost).
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, [moveFocus, ...deps]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // A native select or an open popover handles its own Escape first.
      if ((e.target as HTMLElement | null)?.closest('[role="dialog"], select')) return;
      close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}
