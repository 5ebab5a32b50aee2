import type { CanvasFlowNode } from '../canvas-extras.actions';

const NOTE_MINIMAP = { yellow: '#fde68a', blue: '#bfdbfe', green: '#bbf7d0', pink: '#fbcfe8', grey: '#e2e8f0' } as const;

/** A step's colour on the minimap (both minimaps): notes and group boxes faint, the minimap is for finding steps. */
export function miniMapColour(n: CanvasFlowNode): string {
  if (n.type === 'note') return NOTE_MINIMAP[n.data.color ?? 'yellow'];
  if (n.type === 'wf-group') return n.data.collapsed ? '#94a3b8' : 'rgba(148, 163, 184, 0.25)';
  const k = n.data.node.kind;
  return k === 'start' ? '#3b82f6' : k === 'end' ? '#64748b' : k === 'decision' ? '#a855f7' : '#94a3b8';
}
