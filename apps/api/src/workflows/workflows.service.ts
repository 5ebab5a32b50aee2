import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isPublishable, type EventCode, type FrozenCatalog, type WorkflowGraph, type WorkflowProblem } from '@signalbox/domain';
import { catalogChangesSince, diffFrozenCatalogs, SnapshotReferenceError, type CatalogEntryChange } from '@signalbox/contracts';
import { EventCodeEntity, freezeLiveCatalog, graphRefsSql, insertVersionFromStored, loadReferencedCatalog, readGraphToPublish, WorkflowDraftEntity, WorkflowVersionEntity, type PublishSource } from '@signalbox/persistence';
import { AuditService } from '../audit/audit.service';
import { CatalogCache } from '../catalog-cache/catalog-cache';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import type { Page } from '../common/list-query';
import { EMPTY_GRAPH, readCatalog } from '../catalog/catalog-reader';
import { EvaluationService } from '../evaluation/evaluation.service';
import { readJsonInChunks } from './stored-json';

export interface WorkflowListQuery {
  page: number;
  pageSize: number;
  sort: 'eventCode' | 'name' | 'draftUpdatedAt';
  order: 'asc' | 'desc';
  q?: string;
  eventType?: string;
}

const versionView = (v: WorkflowVersionEntity) => ({
  eventCode: v.eventCode,
  version: v.version,
  publishedAt: v.publishedAt.toISOString(),
  publishedBy: v.publishedBy,
  note: v.note,
});

/**
 * The graph a workflow's GET, validate and diff show as its draft: the draft's row, else the latest
 * version's (`$1` the event code; columns `graph`, `updated_at`, null for a version).
 */
const DRAFT_OR_LATEST_SQL = `(
    SELECT 0 AS o, graph, updated_at FROM workflow_drafts WHERE event_code = $1
    UNION ALL (SELECT 1, graph, NULL::timestamptz FROM workflow_versions WHERE event_code = $1 ORDER BY version DESC LIMIT 1)
  ) g ORDER BY o LIMIT 1`;

/** The answer to a saved draft. */
export interface SavedDraft {
  eventCode: string;
  draftUpdatedAt: string;
  nodes: number;
  edges: number;
}

/** What the workflow screen shows as "catalog changed since vN: publish to take it". */
export interface CatalogChangedSince {
  version: number;
  entries: CatalogEntryChange[];
}

/** Drafts, validation, publishing and the immutable versions of each event code's workflow. */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly evaluation: EvaluationService,
    private readonly cache: CatalogCache,
  ) {}

  /** getJsonParts()'s answer from the current catalog revision's cache (drafts and versions move the revision too). */
  async cachedJson(eventCode: string): Promise<{ revision: string; parts: (string | Buffer)[] }> {
    const at = await this.cache.revision();
    return { revision: at.revision, parts: await at.get(`workflow ${eventCode}`, () => this.getJsonParts(eventCode)) };
  }

  async list(query: WorkflowListQuery): Promise<Page<Record<string, unknown>>> {
    const em = this.dataSource.manager;
    const codes = (await em.find(EventCodeEntity)).map((r) => r.definition);
    // Only when each draft was saved: the list never reads (parses) the drafts' graphs.
    const drafts = new Map((await em.find(WorkflowDraftEntity, { select: { eventCode: true, updatedAt: true } })).map((d) => [d.eventCode, d]));
    const latest = new Map<string, number>();
    for (const row of await em.query(`SELECT event_code, max(version)::int AS v FROM workflow_versions GROUP BY event_code`)) latest.set(row.event_code, row.v);
    const q = query.q?.toLowerCase();
    let items = codes
      .filter((c) => (!query.eventType || c.eventType === query.eventType) && (!q || c.code.toLowerCase().includes(q) || c.name.toLowerCase().includes(q)))
      .map((c) => ({
        eventCode: c.code,
        name: c.name,
        eventType: c.eventType,
        draftUpdatedAt: drafts.get(c.code)?.updatedAt.toISOString() ?? null,
        latestVersion: latest.get(c.code) ?? null,
      }));
    const key = query.sort;
    const dir = query.order === 'desc' ? -1 : 1;
    items = items.sort((a, b) => dir * (String(a[key] ?? '') < String(b[key] ?? '') ? -1 : String(a[key] ?? '') > String(b[key] ?? '') ? 1 : a.eventCode < b.eventCode ? -1 : 1));
    const start = (query.page - 1) * query.pageSize;
    return { items: items.slice(start, start + query.pageSize), total: items.length, page: query.page, pageSize: query.pageSize };
  }

  /**
   * GET's answer as pieces of JSON, built around the draft's stored text (the latest version's
   * graph when there is no draft) read in 64 kB pieces: a graph of megabytes is never parsed,
   * serialised or held as one string on the event loop.
   */
  async getJsonParts(eventCode: string): Promise<(string | Buffer)[]> {
    await this.eventCode(this.dataSource.manager, eventCode);
    const draft = await readJsonInChunks(
      this.dataSource,
      `SELECT graph AS value, jsonb_build_object('updatedAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS extra FROM ${DRAFT_OR_LATEST_SQL}`,
      [eventCode],
    );
    const versions = await this.versionRows(eventCode);
    const rest = {
      draftUpdatedAt: (draft?.extra.updatedAt as string | null | undefined) ?? null,
      versions: versions.map((v) => versionView(v)),
      catalogChangedSince: await this.catalogChangedSince(eventCode, versions.at(-1)?.version),
    };
    // PostgreSQL wrote the draft's text from jsonb: it is valid JSON, spliced in as it is.
    return [`{"eventCode":${JSON.stringify(eventCode)},"draft":`, ...(draft?.chunks ?? [JSON.stringify(EMPTY_GRAPH)]), `,${JSON.stringify(rest).slice(1)}`];
  }

  /** Every version's metadata, oldest first, without its graph or catalog (a list never parses those). */
  private versionRows(eventCode: string): Promise<WorkflowVersionEntity[]> {
    return this.dataSource.getRepository(WorkflowVersionEntity).find({
      select: { eventCode: true, version: true, publishedAt: true, publishedBy: true, note: true },
      where: { eventCode },
      order: { version: 'ASC' },
    });
  }

  /**
   * Entries the latest version froze that were edited or deleted since: null when it is current.
   * Only what references the catalog is read of its graph (each action and communication node's
   * id, kind and code), so a graph of megabytes is not parsed here.
   */
  private async catalogChangedSince(eventCode: string, version: number | undefined): Promise<CatalogChangedSince | null> {
    if (version === undefined) return null;
    const [row] = (await this.dataSource.query(
      `SELECT catalog, ${graphRefsSql('graph')} AS refs
         FROM workflow_versions WHERE event_code = $1 AND version = $2`,
      [eventCode, version],
    )) as { catalog: FrozenCatalog | null; refs: WorkflowGraph }[];
    if (!row?.catalog) return null;
    const code = await this.eventCode(this.dataSource.manager, eventCode);
    const live = await loadReferencedCatalog(this.dataSource.manager, { eventCode: code, version, graph: row.refs });
    const entries = catalogChangesSince(row.catalog, live);
    return entries.length ? { version, entries } : null;
  }

  /**
   * Stores the draft from its raw body (`{ graph }`), parsed and checked on an evaluation thread:
   * the graph reaches PostgreSQL as the thread's bytes (binary jsonb), never parsed or encoded on
   * the event loop. Answers
   * what was saved, not the graph itself (GET /api/workflows/:code reads it back).
   */
  async saveDraft(eventCode: string, body: Uint8Array | undefined, actor: string): Promise<SavedDraft> {
    const draft = await this.evaluation.readDraft(body);
    const updatedAt = new Date();
    await this.dataSource.transaction(async (em) => {
      await this.eventCode(em, eventCode);
      await em.query(
        `INSERT INTO workflow_drafts (event_code, graph, updated_at, updated_by) VALUES ($1, $2::jsonb, $3, $4)
         ON CONFLICT (event_code) DO UPDATE SET graph = EXCLUDED.graph, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [eventCode, draft.graphJsonb, updatedAt, actor],
      );
      await this.audit.record(em, { actor, action: 'save-draft', entityKind: 'workflows', code: eventCode, details: { nodes: draft.nodes, edges: draft.edges } });
    });
    return { eventCode, draftUpdatedAt: updatedAt.toISOString(), nodes: draft.nodes, edges: draft.edges };
  }

  /** Validates the raw body's `graph` (or, without one, the saved draft) on an evaluation thread. */
  async validateBody(eventCode: string, body: Uint8Array | undefined): Promise<{ valid: boolean; problems: WorkflowProblem[] }> {
    const em = this.dataSource.manager;
    await this.eventCode(em, eventCode);
    const catalog = await readCatalog(em, { drafts: false });
    const options = { eventCode, forPublish: false };
    const problems = (await this.evaluation.validateWorkflowBody(body, catalog, options)) ?? (await this.evaluation.validateStoredGraph(await this.draftJson(eventCode), catalog, options));
    return { valid: isPublishable(problems), problems };
  }

  /** The draft as JSON text, as GET shows it (the latest version's graph when there is no draft): never parsed here. */
  private async draftJson(eventCode: string): Promise<string> {
    return (await this.storedDraft(eventCode, false)).json;
  }

  /**
   * The draft's JSON text (the latest version's graph when there is no draft, else an empty one)
   * and, when asked for, its catalog references (see graphRefsSql).
   */
  private async storedDraft(eventCode: string, withRefs: boolean): Promise<{ json: string; refs: WorkflowGraph }> {
    const [row] = (await this.dataSource.query(`SELECT graph::text AS graph${withRefs ? `, ${graphRefsSql('graph')} AS refs` : ''} FROM ${DRAFT_OR_LATEST_SQL}`, [eventCode])) as {
      graph: string;
      refs?: WorkflowGraph;
    }[];
    return row ? { json: row.graph, refs: row.refs ?? EMPTY_GRAPH } : { json: JSON.stringify(EMPTY_GRAPH), refs: EMPTY_GRAPH };
  }

  /**
   * Publishes the draft (or re-publishes `fromVersion`: roll back) as the next version, freezing
   * the catalog entries it uses as they are now (a rollback takes today's catalog too).
   */
  async publish(eventCode: string, input: { note?: string; fromVersion?: number }, actor: string): Promise<{ version: number }> {
    return this.dataSource.transaction(async (em) => {
      const code = await this.eventCode(em, eventCode, true);
      // The graph stays in PostgreSQL: validated from its text on an evaluation thread, frozen from
      // its references, copied into the version by SQL. A graph of megabytes never parses here.
      const source: PublishSource = input.fromVersion !== undefined ? { version: input.fromVersion } : { draft: true };
      const stored = await readGraphToPublish(em, eventCode, source);
      if (!stored) {
        if (input.fromVersion !== undefined) throw new ApiError(404, `${eventCode} has no version ${input.fromVersion}`);
        throw new ApiError(422, `${eventCode} has no draft to publish: save one with PUT /api/workflows/${eventCode}/draft`, { problems: [] });
      }
      const catalogDoc = await readCatalog(em, { drafts: false });
      const problems = await this.evaluation.validateStoredGraph(stored.json, catalogDoc, { eventCode, forPublish: true });
      if (!isPublishable(problems)) {
        throw validationFailed(problems, `${eventCode} cannot be published: ${problems.filter((p) => p.severity === 'error').length} error(s) in the workflow`);
      }
      const [{ next }] = await em.query(`SELECT coalesce(max(version), 0)::int + 1 AS next FROM workflow_versions WHERE event_code = $1`, [eventCode]);
      let catalog: FrozenCatalog;
      try {
        catalog = await freezeLiveCatalog(em, code, stored.refs);
      } catch (err) {
        if (err instanceof SnapshotReferenceError) throw validationFailed(err.problems, `${eventCode} cannot be published: it uses catalog entries that do not exist`);
        throw err;
      }
      await insertVersionFromStored(em, { eventCode, version: next, source, publishedAt: new Date(), publishedBy: actor, note: input.note ?? null, catalog });
      await this.audit.record(em, { actor, action: 'publish', entityKind: 'workflows', code: eventCode, details: { version: next, fromVersion: input.fromVersion ?? null, note: input.note ?? null } });
      return { version: next };
    });
  }

  async versions(eventCode: string) {
    await this.eventCode(this.dataSource.manager, eventCode);
    const rows = await this.versionRows(eventCode);
    return { items: rows.map((v) => versionView(v)), total: rows.length };
  }

  /** GET of one version as pieces of JSON around its stored graph (read as getJsonParts reads a draft) and catalog. */
  async versionJsonParts(eventCode: string, version: number): Promise<(string | Buffer)[]> {
    await this.eventCode(this.dataSource.manager, eventCode);
    const stored = await readJsonInChunks(
      this.dataSource,
      `SELECT graph AS value, jsonb_build_object('publishedAt', to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'publishedBy', published_by, 'note', note, 'catalog', catalog) AS extra
         FROM workflow_versions WHERE event_code = $1 AND version = $2`,
      [eventCode, version],
    );
    if (!stored) throw new ApiError(404, `${eventCode} has no version ${version}`);
    const { publishedAt, publishedBy, note, catalog } = stored.extra;
    const head = JSON.stringify({ eventCode, version, publishedAt, publishedBy, note });
    return [`${head.slice(0, -1)},"graph":`, ...stored.chunks, `,"catalog":${JSON.stringify(catalog ?? null)}}`];
  }

  /** 404 unless the version exists; reads none of its graph. */
  async assertVersion(eventCode: string, version: number): Promise<void> {
    await this.eventCode(this.dataSource.manager, eventCode);
    if (!(await this.dataSource.getRepository(WorkflowVersionEntity).exists({ where: { eventCode, version } }))) throw new ApiError(404, `${eventCode} has no version ${version}`);
  }

  /**
   * Graph changes plus the frozen catalog entries that differ (the draft's side is today's
   * catalog). The graphs stay JSON text here and are compared on an evaluation thread.
   */
  async diff(eventCode: string, from: number | 'draft', to: number | 'draft') {
    const [a, b] = [await this.side(eventCode, from), await this.side(eventCode, to)];
    const graphs = await this.evaluation.diffStoredGraphs(a.json, b.json);
    return { ...graphs, catalog: a.catalog && b.catalog ? diffFrozenCatalogs(a.catalog, b.catalog) : [] };
  }

  private async side(eventCode: string, v: number | 'draft'): Promise<{ json: string; catalog: FrozenCatalog | null }> {
    const code = await this.eventCode(this.dataSource.manager, eventCode);
    if (v !== 'draft') {
      const [row] = (await this.dataSource.query(`SELECT graph::text AS json, catalog FROM workflow_versions WHERE event_code = $1 AND version = $2`, [eventCode, v])) as {
        json: string;
        catalog: FrozenCatalog | null;
      }[];
      if (!row) throw new ApiError(404, `${eventCode} has no version ${v}`);
      return { json: row.json, catalog: row.catalog ?? null };
    }
    const draft = await this.storedDraft(eventCode, true);
    // A draft may reference entries that do not exist yet: then only its graph is compared.
    const catalog = await freezeLiveCatalog(this.dataSource.manager, code, draft.refs).catch((err: unknown) => {
      if (err instanceof SnapshotReferenceError) return null;
      throw err;
    });
    return { json: draft.json, catalog };
  }

  private async eventCode(em: EntityManager, code: string, lock = false): Promise<EventCode> {
    const row = await em.getRepository(EventCodeEntity).findOne({ where: { code }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) {
      const near = await em.getRepository(EventCodeEntity).createQueryBuilder('e').select('e.code').where('lower(e.code) = lower(:code)', { code }).getOne();
      throw notFound('event code', code, near ? ` (codes are case-sensitive: did you mean ${near.code}?)` : '');
    }
    return row.definition;
  }
}
