import { outcomeClass } from '../nodes/node-display';
import type { DiffMark } from '../canvas.store';

/** How one connection is stroked, in flow units (the canvas is scaled by the zoom). */
export interface EdgeStroke {
  color: string;
  width: number;
  dash: number[];
}

/** What decides a connection's look: the same classes OutcomeEdge puts on its SVG path. */
export interface EdgeLookInput {
  sourceHandle: string | null | undefined;
  selected?: boolean;
  diff?: DiffMark;
  className?: string;
}

/** The classes of the `<g class="react-flow__edge …">` and of its `<path class="wf-edge …">`, as OutcomeEdge draws them. */
export function edgeClasses({ sourceHandle, selected, diff, className }: EdgeLookInput): { group: string; path: string } {
  const cls = outcomeClass(sourceHandle ?? 'next');
  return { group: `react-flow__edge${className ? ` ${className}` : ''}`, path: `wf-edge ${cls}${selected ? ' selected' : ''}${diff ? ` diff-${diff}` : ''}` };
}

const px = (v: string, fallback: number) => {
  const n = parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
};

/** CSS `stroke-dasharray` ("5px, 3px", "5 3" or "none") as numbers. */
export function parseDash(value: string): number[] {
  if (!value || value === 'none') return [];
  const parts = value.split(/[\s,]+/).filter(Boolean).map((p) => parseFloat(p));
  return parts.every((n) => Number.isFinite(n) && n >= 0) && parts.some((n) => n > 0) ? parts : [];
}

const SVG = 'http://www.w3.org/2000/svg';
/** Only if the stylesheet is missing (React Flow's own default edge colour and canvas.css's width). */
const FALLBACK_COLOUR = '#b1b1b7';
const FALLBACK_WIDTH = 1.6;

/**
 * Reads connection looks from the stylesheet (canvas.css, notes-groups.css) rather than repeating
 * its colours: a hidden SVG path with OutcomeEdge's classes is styled by the browser and its
 * computed stroke read once per combination of classes (a handful in all), then cached. The probe
 * is in the page only while it is read, so no stray `.react-flow__edge` is ever left in it.
 */
export function createEdgeLook(host: Element): { strokeOf(input: EdgeLookInput): EdgeStroke; dispose(): void } {
  const cache = new Map<string, EdgeStroke>();
  const read = (classes: { group: string; path: string }): EdgeStroke => {
    const svg = document.createElementNS(SVG, 'svg');
    svg.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;visibility:hidden;pointer-events:none';
    const group = document.createElementNS(SVG, 'g');
    const path = document.createElementNS(SVG, 'path');
    group.setAttribute('class', classes.group);
    path.setAttribute('class', classes.path);
    group.appendChild(path);
    svg.appendChild(group);
    host.appendChild(svg);
    try {
      const style = getComputedStyle(path);
      return { color: style.stroke && style.stroke !== 'none' ? style.stroke : FALLBACK_COLOUR, width: px(style.strokeWidth, FALLBACK_WIDTH), dash: parseDash(style.strokeDasharray) };
    } finally {
      svg.remove();
    }
  };
  return {
    strokeOf(input) {
      const classes = edgeClasses(input);
      const key = `${classes.group}|${classes.path}`;
      let look = cache.get(key);
      if (!look) cache.set(key, (look = read(classes)));
      return look;
    },
    dispose() {
      cache.clear();
    },
  };
}
