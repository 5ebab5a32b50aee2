import { actionCodeReferences, type CatalogDocument, type CatalogRefKind, type FrozenCatalog, type WorkflowGraph } from '@signalbox/domain';
import type { CatalogKind } from '@signalbox/persistence';

export interface Usage {
  kind: 'workflow' | 'event-code' | 'inbound-event' | 'action-code' | 'service-type';
  code: string;
  /** Published version, or "draft". */
  version?: number | 'draft';
  nodeId?: string;
  field?: string;
}

/** Where a published version's frozen catalog keeps each kind it can freeze. */
const FROZEN_KEY: Partial<Record<CatalogKind, keyof FrozenCatalog>> = {
  'action-codes': 'actionCodes',
  providers: 'providers',
  'service-types': 'serviceTypes',
  templates: 'templates',
};

/** Who uses a catalog entry: published versions and drafts, other entries. Empty = safe to delete. */
export function findUsages(catalog: CatalogDocument, kind: CatalogKind, code: string): Usage[] {
  const usages: Usage[] = [];
  const inGraphs = (match: (node: WorkflowGraph['nodes'][number]) => boolean) => {
    for (const wf of catalog.workflows) {
      const graphs: [number | 'draft', WorkflowGraph][] = [['draft', wf.draft], ...wf.versions.map((v) => [v.version, v.graph] as [number, WorkflowGraph])];
      for (const [version, graph] of graphs) {
        for (const node of graph.nodes) if (match(node)) usages.push({ kind: 'workflow', code: wf.eventCode, version, nodeId: node.id });
      }
    }
  };
  // Action codes whose parameters name the entry, as their action types' schemas declare (catalogRef).
  const referencingActionCodes = (refKind: CatalogRefKind) => {
    for (const a of catalog.actionCodes) {
      if (a.code === code && refKind === 'actionCodes') continue;
      for (const ref of actionCodeReferences(a)) if (ref.kind === refKind && ref.code === code) usages.push({ kind: 'action-code', code: a.code, field: ref.field });
    }
  };
  switch (kind) {
    case 'event-types':
      for (const e of catalog.eventCodes) if (e.eventType === code) usages.push({ kind: 'event-code', code: e.code, field: 'eventType' });
      break;
    case 'event-codes':
      for (const wf of catalog.workflows) {
        if (wf.eventCode === code) for (const v of wf.versions) usages.push({ kind: 'workflow', code, version: v.version });
      }
      inGraphs((n) => n.kind === 'link-event' && n.eventCode === code);
      for (const i of catalog.inboundEvents) if (i.subscriptions.includes(code)) usages.push({ kind: 'inbound-event', code: i.name, field: 'subscriptions' });
      break;
    case 'action-codes':
      inGraphs((n) => n.kind === 'action' && n.actionCode === code);
      for (const a of catalog.actionCodes) if (a.compensation === code && a.code !== code) usages.push({ kind: 'action-code', code: a.code, field: 'compensation' });
      referencingActionCodes('actionCodes');
      for (const s of catalog.serviceTypes) if (s.transitions.some((t) => t.actionCode === code)) usages.push({ kind: 'service-type', code: s.code, field: 'transitions' });
      break;
    case 'providers':
      referencingActionCodes('providers');
      break;
    case 'service-types':
      referencingActionCodes('serviceTypes');
      break;
    case 'templates':
      inGraphs((n) => n.kind === 'communication' && n.template === code);
      referencingActionCodes('templates');
      break;
    case 'inbound-events':
      break;
  }
  // Published versions froze the entries they use, including those reached through other
  // entries (a provider through an action code): each is a usage of its own.
  const frozenKey = FROZEN_KEY[kind];
  if (frozenKey) {
    for (const wf of catalog.workflows) {
      for (const v of wf.versions) {
        const listed = usages.some((u) => u.kind === 'workflow' && u.code === wf.eventCode && u.version === v.version);
        if (!listed && v.catalog && code in v.catalog[frozenKey]) usages.push({ kind: 'workflow', code: wf.eventCode, version: v.version, field: 'catalog' });
      }
    }
  }
  return usages;
}
