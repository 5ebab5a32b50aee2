import type { CatalogView } from '../src/catalog/catalog-document.schema';
import { buildCatalogView } from '../src/catalog/catalog-view';
import { demoCatalog } from '../src/demo/demo-catalog';
import { WorkflowGraph, type GraphNode } from '../src/graph/graph.schema';
import type { z } from 'zod';

type NodeInput = z.input<typeof GraphNode>;

/** A graph from nodes and [source, handle, target] tuples; edge ids are source--handle. */
export function graph(nodes: NodeInput[], edges: [string, string, string][] = []): WorkflowGraph {
  return WorkflowGraph.parse({
    nodes,
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `${source}--${sourceHandle}${suffix(edges, i)}`, source, sourceHandle, target })),
  });
}

function suffix(edges: [string, string, string][], i: number): string {
  const [source, handle] = edges[i];
  const earlier = edges.slice(0, i).filter(([s, h]) => s === source && h === handle).length;
  return earlier === 0 ? '' : `-${earlier + 1}`;
}

export const START: NodeInput = { id: 'start', kind: 'start', label: 'Start' };
export const DONE: NodeInput = { id: 'done', kind: 'end', label: 'Done' };
export const FAILED: NodeInput = { id: 'failed', kind: 'end', label: 'Failed', result: 'failed' };

/** start → ‘Activate GPRS’ → done, with failure and timeout paths: valid against the demo catalog. */
export function linearGraph(overrides: Partial<NodeInput> = {}): WorkflowGraph {
  return graph(
    [START, { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS', ...overrides } as NodeInput, DONE, FAILED],
    [
      ['start', 'next', 'gprs'],
      ['gprs', 'success', 'done'],
      ['gprs', 'failure', 'failed'],
      ['gprs', 'timeout', 'failed'],
    ],
  );
}

export function demoView(changes: (doc: ReturnType<typeof demoCatalog>) => void = () => undefined): CatalogView {
  const doc = demoCatalog();
  changes(doc);
  return buildCatalogView(doc);
}
