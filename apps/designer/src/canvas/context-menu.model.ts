import type { XYPosition } from '@xyflow/react';

/** What was right-clicked (or had focus on Shift+F10), where on screen, and where on the canvas. */
export type MenuTarget =
  | { kind: 'node'; nodeId: string; screen: XYPosition }
  | { kind: 'pane'; screen: XYPosition; flow: XYPosition }
  | { kind: 'note'; noteId: string; screen: XYPosition }
  | { kind: 'group'; groupId: string; screen: XYPosition; collapsed?: boolean };

export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
}

/**
 * The items of each menu; those that edit are left out of a read-only view. `selectedSteps` and
 * `grouped` (the step is in a group) add the group items.
 */
export function menuItems(target: MenuTarget, opts: { editable: boolean; canPaste: boolean; selectedSteps?: number; grouped?: boolean }): MenuItem[] {
  const edit = (items: MenuItem[]) => (opts.editable ? items : []);
  if (target.kind === 'node') {
    return [
      { id: 'open', label: 'Open' },
      ...edit([{ id: 'duplicate', label: 'Duplicate' }]),
      { id: 'copy', label: 'Copy' },
      ...edit([{ id: 'delete', label: 'Delete' }]),
      // After Delete, so the keys learned for the first four items still reach them.
      ...edit([{ id: 'group', label: (opts.selectedSteps ?? 0) > 1 ? 'Group the selected steps' : 'Group' }]),
      ...edit(opts.grouped ? [{ id: 'ungroup', label: 'Ungroup' }] : []),
    ];
  }
  if (target.kind === 'note') return [...edit([{ id: 'copy', label: 'Copy' }, { id: 'delete', label: 'Delete note' }])];
  if (target.kind === 'group') {
    return [{ id: 'toggle', label: target.collapsed ? 'Expand' : 'Collapse' }, ...edit([{ id: 'rename', label: 'Rename…' }, { id: 'ungroup', label: 'Ungroup' }])];
  }
  return [
    ...edit([
      { id: 'paste', label: 'Paste here', disabled: !opts.canPaste },
      { id: 'add', label: 'Add a step here…' },
      { id: 'note', label: 'Add a note here' },
      { id: 'group', label: 'Group the selected steps', disabled: !opts.selectedSteps },
    ]),
    { id: 'fit', label: 'Fit view' },
  ];
}

/** Index of the next enabled item (ArrowDown 1 / ArrowUp -1), wrapping; -1 when none is. */
export function nextEnabled(items: readonly { disabled?: boolean }[], from: number, step: 1 | -1): number {
  for (let i = 1; i <= items.length; i++) {
    const at = (((from + step * i) % items.length) + items.length) % items.length;
    if (!items[at].disabled) return at;
  }
  return -1;
}

/** Keeps a menu of `size` on screen: opened near the right or bottom edge, it opens leftwards/upwards. */
export function placeMenu(at: XYPosition, size: { width: number; height: number }, viewport: { width: number; height: number }): XYPosition {
  return { x: Math.max(4, Math.min(at.x, viewport.width - size.width - 4)), y: Math.max(4, Math.min(at.y, viewport.height - size.height - 4)) };
}
