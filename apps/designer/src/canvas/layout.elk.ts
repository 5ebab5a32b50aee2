import type { XYPosition } from '@xyflow/react';

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

type Elk = InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>;
let elkInstance: Promise<Elk> | undefined;
// ELK is large; load it the first time a layout is asked for.
function elk(): Promise<Elk> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elkInstance;
}

/** Left-to-right layered layout over measured node sizes. Pure: sizes in, positions out. */
export async function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Record<string, XYPosition>> {
  const ids = new Set(nodes.map((n) => n.id));
  const result = await (await elk()).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.portConstraints': 'FIXED_ORDER',
    },
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
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => {
        const node = nodes.find((n) => n.id === e.source);
        const port = node?.ports.includes(e.sourceHandle) ? `${e.source}::${e.sourceHandle}` : e.source;
        return { id: e.id, sources: [port], targets: [`${e.target}::in`] };
      }),
  });
  const out: Record<string, XYPosition> = {};
  for (const c of result.children ?? []) out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
