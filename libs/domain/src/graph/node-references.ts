import type { GraphNode } from './graph.schema';

/** The catalog kinds a node can name directly (action codes reach further through their parameters). */
export type NodeReferenceKind = 'actionCodes' | 'templates' | 'providers';

export interface NodeReferenceField {
  nodeKind: GraphNode['kind'];
  field: string;
  kind: NodeReferenceKind;
}

/**
 * Every node field that names a catalog entry. The one place this is written down: the catalog
 * freezer walks it, and PostgreSQL reduces a stored graph to these fields (graphRefsSql) so a
 * graph of megabytes is never parsed to find a handful of codes. A node kind that starts
 * referencing the catalog adds its field here and both follow.
 */
export const NODE_REFERENCE_FIELDS: readonly NodeReferenceField[] = [
  { nodeKind: 'action', field: 'actionCode', kind: 'actionCodes' },
  { nodeKind: 'communication', field: 'template', kind: 'templates' },
  { nodeKind: 'communication', field: 'provider', kind: 'providers' },
];

/** The codes `node` names, in the order of NODE_REFERENCE_FIELDS. */
export function nodeReferences(node: GraphNode): { field: string; kind: NodeReferenceKind; code: string }[] {
  const found: { field: string; kind: NodeReferenceKind; code: string }[] = [];
  for (const ref of NODE_REFERENCE_FIELDS) {
    if (ref.nodeKind !== node.kind) continue;
    const code = (node as unknown as Record<string, unknown>)[ref.field];
    if (typeof code === 'string') found.push({ field: ref.field, kind: ref.kind, code });
  }
  return found;
}
