import type { XYPosition } from '@xyflow/react';

/** What was right-clicked (or had focus on Shift+F10), where on screen, and where on the canvas. */
export type MenuTarget = { kind: 'node'; nodeId: string; screen: XYPosition } | { kind: 'pane'; screen: XYPosition; flow: XYPosition };

export interface MenuItem {
  id: string;
  label: string;
  disabled?: boolean;
}

/** The items of each menu; those that edit are left out of a read-only view. */
export function menuItems(target: MenuTarget, opts: { editable: boolean; canPaste: boolean }): MenuItem[] {
  if (target.kind === 'node') {
    return [{ id: 'open', label: 'Open' }, ...(opts.editable ? [{ id: 'duplicate', label: 'Duplicate' }] : []), { id: 'copy', label: 'Copy' }, ...(opts.editable ? [{ id: 'delete', label: 'Delete' }] : [])];
  }
  return [...(opts.editable ? [{ id: 'paste', label: 'Paste here', disabled: !opts.canPaste }, { id: 'add', label: 'Add a step here…' }] : []), { id: 'fit', label: 'Fit view' }];
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
