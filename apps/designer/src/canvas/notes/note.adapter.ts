import type { Node } from '@xyflow/react';
import { NOTE_SIZE, type CanvasColor, type StickyNote } from '@signalbox/domain';

/** A sticky note on the canvas: its text and colour; position and size live on the React Flow node. */
export type NoteData = { text: string; color?: CanvasColor };
export type NoteFlowNode = Node<NoteData, 'note'>;

export const NOTE_DEFAULT_SIZE = { width: 240, height: 160 } as const;
/** Below the selected steps (+1000 when selected), above group boxes. */
export const NOTE_Z = -1000;

const clamp = (v: number) => Math.round(Math.min(NOTE_SIZE.max, Math.max(NOTE_SIZE.min, v)));

export function notesToFlow(notes: readonly StickyNote[] | undefined): NoteFlowNode[] {
  return (notes ?? []).map((n) => ({
    id: n.id,
    type: 'note',
    position: { x: n.position.x, y: n.position.y },
    width: n.size?.width ?? NOTE_DEFAULT_SIZE.width,
    height: n.size?.height ?? NOTE_DEFAULT_SIZE.height,
    zIndex: NOTE_Z,
    data: n.color ? { text: n.text, color: n.color } : { text: n.text },
  }));
}

/** Back to the domain: positions rounded, sizes rounded into the schema's bounds. */
export function flowToNotes(nodes: readonly NoteFlowNode[]): StickyNote[] {
  return nodes.map((n) => ({
    id: n.id,
    text: n.data.text,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    size: { width: clamp(n.width ?? n.measured?.width ?? NOTE_DEFAULT_SIZE.width), height: clamp(n.height ?? n.measured?.height ?? NOTE_DEFAULT_SIZE.height) },
    ...(n.data.color ? { color: n.data.color } : {}),
  }));
}

export function newNoteNode(id: string, position: { x: number; y: number }, text = ''): NoteFlowNode {
  return { id, type: 'note', position, width: NOTE_DEFAULT_SIZE.width, height: NOTE_DEFAULT_SIZE.height, zIndex: NOTE_Z, data: { text }, selected: true };
}
