import { In, type EntityManager } from 'typeorm';
import type { EventCode, FrozenCatalog, WorkflowGraph } from '@signalbox/domain';
import {
  freezeCatalog,
  missingSnapshotEntries,
  snapshotWithCatalog,
  SnapshotReferenceError,
  type SnapshotCatalog,
  type SnapshotCatalogKind,
  type SnapshotGraph,
  type VersionSnapshot,
} from '@signalbox/contracts';
import { WorkflowVersionEntity } from '../workflows/workflow.entities';
import { ActionCodeEntity, EventCodeEntity, ProviderEntity, ServiceTypeEntity, TemplateEntity } from './catalog.entities';

/** A DataSource or an EntityManager (inside a transaction or not). */
type Reader = Pick<EntityManager, 'getRepository'>;

export interface PublishedGraph {
  version: number;
  graph: WorkflowGraph;
  catalog: FrozenCatalog | null;
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
  return row ? { version: row.version, graph: row.graph, catalog: row.catalog } : null;
}

/**
 * The live catalog entries `source` reaches, read level by level (a handful of keyed queries,
 * never the whole catalog). Missing entries are simply absent: the snapshot builder names them.
 */
export async function loadReferencedCatalog(db: Reader, source: SnapshotGraph): Promise<SnapshotCatalog> {
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
  return catalog;
}

/** Freezes the live catalog entries `graph` uses, as publishing does; throws SnapshotReferenceError for missing ones. */
export async function freezeLiveCatalog(db: Reader, eventCode: EventCode, graph: WorkflowGraph): Promise<FrozenCatalog> {
  const source = { eventCode, version: 0, graph };
  return freezeCatalog(source, await loadReferencedCatalog(db, source));
}

export interface NewVersion {
  eventCode: string;
  version: number;
  graph: WorkflowGraph;
  publishedAt: Date;
  publishedBy: string | null;
  note: string | null;
  /** Frozen elsewhere (an imported version); otherwise frozen now from the live catalog. */
  catalog?: FrozenCatalog;
}

/** Stores a published version with its frozen catalog: the one way versions are written. */
export async function insertPublishedVersion(db: Reader, version: NewVersion): Promise<FrozenCatalog> {
  let catalog = version.catalog;
  if (!catalog) {
    const code = await db.getRepository(EventCodeEntity).findOneBy({ code: version.eventCode });
    if (!code) throw new SnapshotReferenceError([{ path: 'eventCode', message: `event code ${version.eventCode} does not exist` }]);
    catalog = await freezeLiveCatalog(db, code.definition, version.graph);
  }
  // Plain SQL: TypeORM's deep-partial insert type cannot follow the jsonb records of `catalog`.
  await db
    .getRepository(WorkflowVersionEntity)
    .query(`INSERT INTO workflow_versions (event_code, version, graph, published_at, published_by, note, catalog) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      version.eventCode,
      version.version,
      JSON.stringify(version.graph),
      version.publishedAt,
      version.publishedBy,
      version.note,
      JSON.stringify(catalog),
    ]);
  return catalog;
}

/**
 * The snapshot a run of `eventCode` starts with: its latest published version and the catalog
 * frozen when it was published (the live catalog is not read, so catalog edits made after the
 * publish do not reach it). Undefined when the event code does not exist or was never published;
 * throws SnapshotReferenceError for a version the migration could not freeze.
 */
export async function loadPublishedSnapshot(db: Reader, eventCode: string): Promise<VersionSnapshot | undefined> {
  const codeRow = await db.getRepository(EventCodeEntity).findOneBy({ code: eventCode });
  const published = await latestPublishedVersion(db, eventCode);
  if (!codeRow || !published) return undefined;
  if (!published.catalog) {
    throw new SnapshotReferenceError([
      { path: 'catalog', message: `version ${published.version} was published before catalogs were frozen and uses entries that no longer exist: publish ${eventCode} again` },
    ]);
  }
  return snapshotWithCatalog({ eventCode: codeRow.definition, version: published.version, graph: published.graph }, published.catalog);
}
