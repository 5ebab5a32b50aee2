import { useEffect, useId, useRef } from 'react';
import { CANVAS_SHORTCUTS } from './shortcuts';

/** `?`: every canvas shortcut, printed from the list use-shortcuts dispatches on. */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    return () => {
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="modal shortcuts-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
          // One focusable control: Tab stays inside the dialog.
          if (e.key === 'Tab') e.preventDefault();
        }}
      >
        <header className="modal-header">
          <h2 id={titleId}>Canvas shortcuts</h2>
          <button ref={closeButton} className="btn-icon" aria-label="Close the shortcuts" onClick={onClose}>
            ×
          </button>
        </header>
        <table className="table shortcuts-table">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {CANVAS_SHORTCUTS.map((s) => (
              <tr key={s.id} className="static" data-shortcut={s.id}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>
                  {s.does}
                  {s.edits && <span className="muted small"> (not in a read-only view)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
