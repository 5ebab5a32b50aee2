import type { XYPosition } from '@xyflow/react';
import type { CanvasStore } from '../canvas.store';
import { NOTE_DEFAULT_SIZE } from './note.adapter';

/** A note in the middle of the canvas as it is on screen (palette Enter/double-click, Shift+N). */
export function addNoteInView(store: CanvasStore, screenToFlowPosition: (p: XYPosition) => XYPosition): string | undefined {
  const rect = document.querySelector('.flow')?.getBoundingClientRect();
  const centre = rect ? screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
  return store.getState().addNote({ x: centre.x - NOTE_DEFAULT_SIZE.width / 2, y: centre.y - NOTE_DEFAULT_SIZE.height / 2 });
}
