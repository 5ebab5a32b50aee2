import type { XYPosition } from '@xyflow/react';
import type { ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  /** Outgoing handle ids in display order, so ELK keeps branches in the order they are drawn. */
  ports: string[];
}
export interface LayoutEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

/** From this many steps on, the layout trades polish for speed and wraps long chains into rows. */
export const LARGE_GRAPH_NODES = 150;

const BASE_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.nodeNode': '30',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.portConstraints': 'FIXED_ORDER',
};
// React Flow draws its own edges between handles, so ELK's edge routing is never used: the
// cheapest router does. A graph with thousands of steps in one long chain would be hundreds of
// thousands of pixels wide; wrapping cuts it into rows of about the screen's proportions.
const LARGE_OPTIONS = {
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.strategy': 'NONE',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.wrapping.strategy': 'MULTI_EDGE',
  'elk.aspectRatio': '1.6',
};

/** The ELK graph for a layout. Pure: sizes and ports in, ELK's input out. */
export function elkGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): ElkNode {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return {
    id: 'root',
    layoutOptions: nodes.length >= LARGE_GRAPH_NODES ? { ...BASE_OPTIONS, ...LARGE_OPTIONS } : BASE_OPTIONS,
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
        ...n.ports.map((p, i) => ({ id: `${n.id}::${p}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } })),
      ],
    })),
    edges: edges
      .filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => {
        const port = byId.get(e.source)!.ports.includes(e.sourceHandle) ? `${e.source}::${e.sourceHandle}` : e.source;
        return { id: e.id, sources: [port], targets: [`${e.target}::in`] };
      }),
  };
}

/**
 * The height a step has when drawn in full with `outcomes` outcome rows (head, a two-line title,
 * detail, one row per outcome). A step not drawn yet, or drawn as a light box when zoomed out,
 * has no full measured height: the layout uses this instead, so steps never overlap once drawn.
 */
export const fullNodeHeight = (outcomes: number): number => Math.max(80, 78 + 18 * outcomes);
export const NODE_WIDTH = 190;

/** Splits a layout's positions into parts of `size` nodes, applied one per frame so no frame does them all. */
export function chunkPositions(positions: Record<string, XYPosition>, size: number): Record<string, XYPosition>[] {
  const entries = Object.entries(positions);
  const chunks: Record<string, XYPosition>[] = [];
  for (let i = 0; i < entries.length; i += size) chunks.push(Object.fromEntries(entries.slice(i, i + size)));
  return chunks;
}

export function positionsOf(result: ElkNode): Record<string, XYPosition> {
  const out: Record<string, XYPosition> = {};
  for (const c of result.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}

interface Engine {
  layout(graph: ElkNode): Promise<ElkNode>;
  terminateWorker?(): void;
}
let engine: Promise<Engine> | undefined;

// ELK is large: loaded the first time a layout is asked for. In the browser it runs in a Web
// Worker (elkjs's own worker build), so a layout of thousands of steps never blocks the page;
// where there is no Worker (unit tests under jsdom/node) the bundled build runs in place.
function elk(): Promise<Engine> {
  engine ??= (async () => {
    if (typeof Worker === 'undefined') {
      const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
      return new ELK();
    }
    const [{ default: ELK }, { default: workerUrl }] = await Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]);
    return new ELK({ workerUrl });
  })();
  return engine;
}

/** Stops the layout in progress (if any) for good: the worker is ended and a new one starts next time. */
async function stopEngine(): Promise<void> {
  const current = engine;
  engine = undefined;
  (await current)?.terminateWorker?.();
}

export class LayoutCancelled extends Error {
  constructor() {
    super('The layout was cancelled.');
  }
}

/**
 * Left-to-right layered layout over measured node sizes, off the main thread. Aborting `signal`
 * ends the worker and rejects with LayoutCancelled.
 */
export async function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], signal?: AbortSignal): Promise<Record<string, XYPosition>> {
  if (signal?.aborted) throw new LayoutCancelled();
  const running = (await elk()).layout(elkGraph(nodes, edges));
  if (!signal) return positionsOf(await running);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void stopEngine();
      reject(new LayoutCancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return positionsOf(await Promise.race([running, aborted]));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
