import type { CanvasState } from '../canvas.store';
import type { MenuTarget } from '../context-menu.model';

/** "Group" on a step: the selection when the step is part of it, else that step alone. */
export function groupFromStep(s: CanvasState, nodeId: string): string | undefined {
  const selected = s.nodes.filter((n) => n.selected).map((n) => n.id);
  return s.groupNodes(selected.includes(nodeId) ? selected : [nodeId]);
}

/** The items of a note's and a group's menus (context-menu.model.ts lists them). */
export function groupOrNoteAction(s: CanvasState, target: Extract<MenuTarget, { kind: 'note' | 'group' }>, id: string): void {
  if (target.kind === 'note') {
    if (id === 'copy') s.copyNodes([target.noteId]);
    else if (id === 'delete') s.deleteNotes([target.noteId]);
    return;
  }
  const group = s.groups.find((g) => g.id === target.groupId);
  if (!group) return;
  if (id === 'toggle') s.setGroupCollapsed(group.id, !group.collapsed);
  else if (id === 'rename') s.setRenamingGroup(group.id);
  else if (id === 'ungroup') s.ungroup([group.id]);
}

/** The menu target of a focused canvas node (Shift+F10): a step's, a note's or a group's menu. */
export function menuTargetFor(s: CanvasState, id: string, screen: { x: number; y: number }): MenuTarget {
  if (s.notes.some((n) => n.id === id)) return { kind: 'note', noteId: id, screen };
  const group = s.groups.find((g) => g.id === id);
  if (group) return { kind: 'group', groupId: id, screen, collapsed: group.collapsed };
  return { kind: 'node', nodeId: id, screen };
}
