import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CanvasStore } from '../canvas.store';

/** Toolbar buttons: Group the selected steps (Ctrl+G), Ungroup the selected group or the steps' groups (Ctrl+Shift+G). */
export function GroupControls({ store }: { store: CanvasStore }) {
  // The counts are kept by the store (selectedSteps) and the boxes are few: no walk over the steps here.
  const { steps, canUngroup } = useStore(
    store,
    useShallow((s) => ({ steps: s.selectedSteps, canUngroup: s.groups.length > 0 && (s.selectedSteps > 0 || s.groupBoxes.some((b) => b.selected)) })),
  );
  return (
    <>
      <button className="btn" disabled={!steps} onClick={() => store.getState().groupSelection()} title="Group the selected steps (Ctrl+G)" aria-keyshortcuts="Control+G">
        Group
      </button>
      <button className="btn" disabled={!canUngroup} onClick={() => store.getState().ungroupSelection()} title="Ungroup the selected group, or the groups of the selected steps (Ctrl+Shift+G)" aria-keyshortcuts="Control+Shift+G">
        Ungroup
      </button>
    </>
  );
}
