/**
 * Every canvas shortcut, in one list: `use-shortcuts` dispatches on it and the shortcuts sheet
 * (`?`) prints it, so the sheet cannot drift from what the keys do.
 */

export type ShortcutId = 'undo' | 'redo' | 'copy' | 'paste' | 'selectAll' | 'delete' | 'find' | 'findNext' | 'findPrevious' | 'menu' | 'help' | 'close' | 'addNote' | 'group' | 'ungroup' | 'editNote';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  id: ShortcutId;
  /** How the sheet writes it: "Ctrl/⌘+Z". */
  keys: string;
  does: string;
  /** Edits the graph: off in a read-only view. */
  edits?: boolean;
  /**
   * Where it applies: 'canvas' is dispatched by use-shortcuts (not while typing in a field);
   * 'find', 'menu' and 'note' are handled by the find box, the context menu and a sticky note themselves.
   */
  scope: 'canvas' | 'find' | 'menu' | 'note';
  matches?(e: KeyPress): boolean;
}

const mod = (e: KeyPress) => e.ctrlKey || e.metaKey;
const letter = (e: KeyPress) => e.key.toLowerCase();

export const CANVAS_SHORTCUTS: readonly Shortcut[] = [
  { id: 'undo', keys: 'Ctrl/⌘+Z', does: 'Undo', edits: true, scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'z' && !e.shiftKey },
  { id: 'redo', keys: 'Ctrl/⌘+Shift+Z or Ctrl/⌘+Y', does: 'Redo', edits: true, scope: 'canvas', matches: (e) => mod(e) && ((letter(e) === 'z' && e.shiftKey) || letter(e) === 'y') },
  { id: 'copy', keys: 'Ctrl/⌘+C', does: 'Copy the selected steps', scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'c' },
  { id: 'paste', keys: 'Ctrl/⌘+V', does: 'Paste the copied steps', edits: true, scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'v' },
  { id: 'selectAll', keys: 'Ctrl/⌘+A', does: 'Select every step', scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'a' },
  { id: 'delete', keys: 'Delete or Backspace', does: 'Delete the selected steps and connections', edits: true, scope: 'canvas', matches: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace') },
  { id: 'find', keys: 'Ctrl/⌘+F', does: 'Find a step by title, id or action code', scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'f' && !e.shiftKey },
  { id: 'findNext', keys: 'Enter', does: 'In the find box: next match', scope: 'find' },
  { id: 'findPrevious', keys: 'Shift+Enter', does: 'In the find box: previous match', scope: 'find' },
  { id: 'addNote', keys: 'Shift+N', does: 'Add a sticky note in the middle of the view', edits: true, scope: 'canvas', matches: (e) => e.shiftKey && !mod(e) && !e.altKey && letter(e) === 'n' },
  { id: 'editNote', keys: 'Enter, then Escape', does: 'On a focused note: edit its text, then finish (or double-click it)', scope: 'note' },
  { id: 'group', keys: 'Ctrl/⌘+G', does: 'Group the selected steps', edits: true, scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'g' && !e.shiftKey },
  { id: 'ungroup', keys: 'Ctrl/⌘+Shift+G', does: 'Ungroup the selected group, or the groups of the selected steps', edits: true, scope: 'canvas', matches: (e) => mod(e) && letter(e) === 'g' && e.shiftKey },
  { id: 'menu', keys: 'Shift+F10 or the Menu key', does: 'Open the menu of the focused step, or of the canvas (also: right-click)', scope: 'canvas', matches: (e) => e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey) },
  { id: 'help', keys: '?', does: 'Show these shortcuts', scope: 'canvas', matches: (e) => e.key === '?' && !mod(e) && !e.altKey },
  { id: 'close', keys: 'Escape', does: 'Close the find box, a menu, this sheet or the side panel', scope: 'menu' },
];

/** The canvas shortcut a key press means, or undefined; read-only views skip those that edit. */
export function shortcutFor(e: KeyPress, opts: { editable: boolean }): ShortcutId | undefined {
  return CANVAS_SHORTCUTS.find((s) => s.scope === 'canvas' && (opts.editable || !s.edits) && s.matches?.(e))?.id;
}
