import type { WorkflowGraph } from '../graph/graph.schema';
import type { CatalogDocument, CatalogView } from './catalog-document.schema';

type CatalogParts = Pick<CatalogDocument, 'eventCodes' | 'actionCodes' | 'templates' | 'providers' | 'serviceTypes'> & Partial<Pick<CatalogDocument, 'workflows'>>;

/** Lookup maps over a catalog document; `publishedGraphs` holds each workflow's latest published version. */
export function buildCatalogView(doc: CatalogParts): CatalogView {
  const publishedGraphs = new Map<string, WorkflowGraph>();
  for (const workflow of doc.workflows ?? []) {
    const latest = [...workflow.versions].sort((a, b) => b.version - a.version)[0];
    if (latest) publishedGraphs.set(workflow.eventCode, latest.graph);
  }
  return {
    eventCodes: new Map(doc.eventCodes.map((e) => [e.code, e])),
    actionCodes: new Map(doc.actionCodes.map((a) => [a.code, a])),
    templates: new Map(doc.templates.map((t) => [t.code, t])),
    providers: new Map(doc.providers.map((p) => [p.code, p])),
    serviceTypes: new Map(doc.serviceTypes.map((s) => [s.code, s])),
    publishedGraphs,
  };
}
