import type { EntityManager } from 'typeorm';
import type { CatalogDocument, Workflow, WorkflowGraph } from '@signalbox/domain';
import { WorkflowDraftEntity, WorkflowVersionEntity } from '@signalbox/persistence';
import { CATALOG_KIND_SPECS } from './catalog-kinds';

export const EMPTY_GRAPH: WorkflowGraph = { nodes: [], edges: [] };

/**
 * The whole catalog as a document (provider secrets stay in their column). Catalogs hold hundreds
 * of entries, not millions: reading them whole keeps reference and usage checks exact and simple.
 */
export async function readCatalog(em: EntityManager, options: { drafts?: boolean } = {}): Promise<CatalogDocument> {
  const doc: Record<string, unknown> = { format: 'signalbox.catalog/v1' };
  for (const spec of Object.values(CATALOG_KIND_SPECS)) {
    const rows = await em.getRepository(spec.entity).createQueryBuilder('e').orderBy('e.code', 'ASC').getMany();
    doc[spec.documentKey] = rows.map((r) => r.definition);
  }
  doc.workflows = await readWorkflows(em, options);
  return doc as CatalogDocument;
}

/**
 * With `drafts: false`, every draft reads as empty: for validation, which needs only published
 * graphs and should not load, hold and copy to a thread drafts that may be megabytes each.
 */
export async function readWorkflows(em: EntityManager, { drafts: withDrafts = true }: { drafts?: boolean } = {}): Promise<Workflow[]> {
  const drafts = withDrafts ? await em.getRepository(WorkflowDraftEntity).find({ order: { eventCode: 'ASC' } }) : [];
  const versions = await em.getRepository(WorkflowVersionEntity).find({ order: { eventCode: 'ASC', version: 'ASC' } });
  const byCode = new Map<string, Workflow>();
  for (const d of drafts) byCode.set(d.eventCode, { eventCode: d.eventCode, draft: d.graph, versions: [] });
  for (const v of versions) {
    let wf = byCode.get(v.eventCode);
    if (!wf) {
      wf = { eventCode: v.eventCode, draft: EMPTY_GRAPH, versions: [] };
      byCode.set(v.eventCode, wf);
    }
    wf.versions.push({
      eventCode: v.eventCode,
      version: v.version,
      graph: v.graph,
      publishedAt: v.publishedAt.toISOString(),
      ...(v.publishedBy ? { publishedBy: v.publishedBy } : {}),
      ...(v.note ? { note: v.note } : {}),
      ...(v.catalog ? { catalog: v.catalog } : {}),
    });
  }
  for (const wf of byCode.values()) {
    if (withDrafts && !drafts.some((d) => d.eventCode === wf.eventCode) && wf.versions.length) wf.draft = wf.versions[wf.versions.length - 1].graph;
  }
  return [...byCode.values()].sort((a, b) => (a.eventCode < b.eventCode ? -1 : 1));
}
