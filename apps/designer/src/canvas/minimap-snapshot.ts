/**
 * While a step is dragged zoomed out, the minimap is shown as a still copy of itself and the live
 * one is hidden (`display: none`): at 1,000 steps its thousand rectangles were repainted, layered
 * and hit-tested on every drag step (about a sixth of a step's work). The live minimap keeps
 * following the store while hidden, so it is current again the moment the drag ends.
 */
const FROZEN_CLASS = 'minimap-frozen';

/** Puts a still copy of the minimap in its place; returns what puts the live one back. */
export function freezeMiniMap(flow: HTMLElement | null): () => void {
  const live = flow?.querySelector<HTMLElement>('.react-flow > .react-flow__minimap');
  // A large graph's minimap is one canvas (minimap/CanvasMiniMap.tsx), cheap to repaint: it stays live.
  if (!flow || !live?.parentElement || live.classList.contains('canvas-minimap')) return () => undefined;
  const still = live.cloneNode(true) as HTMLElement;
  // Only one element may carry an id (the minimap's title): the copy carries none.
  for (const el of still.querySelectorAll('[id]')) el.removeAttribute('id');
  still.removeAttribute('id');
  still.classList.add('minimap-still');
  still.setAttribute('aria-hidden', 'true');
  live.parentElement.appendChild(still);
  flow.classList.add(FROZEN_CLASS);
  return () => {
    flow.classList.remove(FROZEN_CLASS);
    still.remove();
  };
}
