import { In, type EntityManager } from 'typeorm';
import type { WorkflowGraph } from '@signalbox/domain';
import { buildVersionSnapshot, missingSnapshotEntries, type SnapshotCatalog, type SnapshotCatalogKind, type VersionSnapshot } from '@signalbox/contracts';
import { WorkflowVersionEntity } from '../workflows/workflow.entities';
import { ActionCodeEntity, EventCodeEntity, ProviderEntity, ServiceTypeEntity, TemplateEntity } from './catalog.entities';

/** A DataSource or an EntityManager (inside a transaction or not). */
type Reader = Pick<EntityManager, 'getRepository'>;

export interface PublishedGraph {
  version: number;
  graph: WorkflowGraph;
}

const ENTITY_BY_KIND = {
  actionCodes: ActionCodeEntity,
  templates: TemplateEntity,
  providers: ProviderEntity,
  serviceTypes: ServiceTypeEntity,
} as const satisfies Record<SnapshotCatalogKind, unknown>;

/** The highest published version of an event code, or null when it was never published. */
export async function latestPublishedVersion(db: Reader, eventCode: string): Promise<PublishedGraph | null> {
  const row = await db.getRepository(WorkflowVersionEntity).findOne({ where: { eventCode }, order: { version: 'DESC' } });
  return row ? { version: row.version, graph: row.graph } : null;
}

/**
 * The snapshot a run of `eventCode` starts with: its latest published version and the catalog
 * entries that version references, read level by level (a handful of keyed queries, never the
 * whole catalog). Undefined when the event code does not exist or was never published; throws
 * SnapshotReferenceError when the version references entries that no longer exist.
 */
export async function loadPublishedSnapshot(db: Reader, eventCode: string): Promise<VersionSnapshot | undefined> {
  const codeRow = await db.getRepository(EventCodeEntity).findOneBy({ code: eventCode });
  const published = await latestPublishedVersion(db, eventCode);
  if (!codeRow || !published) return undefined;
  const source = { eventCode: codeRow.definition, version: published.version, graph: published.graph };

  const loaded: Record<SnapshotCatalogKind, Map<string, unknown>> = { actionCodes: new Map(), templates: new Map(), providers: new Map(), serviceTypes: new Map() };
  const catalog = loaded as unknown as SnapshotCatalog;
  const asked = new Set<string>();
  for (;;) {
    const missing = missingSnapshotEntries(source, catalog);
    // Codes asked for before and still missing do not exist: the builder reports them.
    const toFetch = (Object.keys(missing) as SnapshotCatalogKind[]).flatMap((kind) => missing[kind].filter((code) => !asked.has(`${kind}:${code}`)).map((code) => [kind, code] as const));
    if (toFetch.length === 0) break;
    for (const [kind, code] of toFetch) asked.add(`${kind}:${code}`);
    for (const kind of Object.keys(ENTITY_BY_KIND) as SnapshotCatalogKind[]) {
      const codes = toFetch.filter(([k]) => k === kind).map(([, code]) => code);
      if (codes.length === 0) continue;
      const rows = await db.getRepository<{ code: string; definition: unknown }>(ENTITY_BY_KIND[kind]).findBy({ code: In(codes) });
      for (const row of rows) loaded[kind].set(row.code, row.definition);
    }
  }
  return buildVersionSnapshot(source, catalog);
}
