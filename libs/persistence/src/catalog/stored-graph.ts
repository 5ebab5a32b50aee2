import type { EntityManager } from 'typeorm';
import { NODE_REFERENCE_FIELDS, type FrozenCatalog, type WorkflowGraph } from '@signalbox/domain';

// Each field once, whichever node kinds use it: a node's other kinds' fields are absent (null, stripped).
const REFERENCE_FIELDS = [...new Set(NODE_REFERENCE_FIELDS.map((r) => r.field))];

/**
 * A graph reduced, by PostgreSQL, to what references the catalog: every node in its order (so
 * problem paths keep their index) with only its id, kind and the fields NODE_REFERENCE_FIELDS
 * lists (action code, template, provider). The catalog freezer and "catalog changed since" need
 * no more, and a graph of megabytes is then never parsed by the API to find a handful of codes.
 */
export function graphRefsSql(column: string): string {
  const fields = ['id', 'kind', ...REFERENCE_FIELDS].map((f) => `'${f}', n->'${f}'`).join(', ');
  return `(SELECT jsonb_build_object(
             'nodes', COALESCE(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(${fields})) ORDER BY i), '[]'::jsonb),
             'edges', '[]'::jsonb)
           FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${column}->'nodes') = 'array' THEN ${column}->'nodes' ELSE '[]'::jsonb END) WITH ORDINALITY AS t(n, i))`;
}

/** Where a publish takes its graph from: the draft, or an earlier version (a rollback). */
export type PublishSource = { draft: true } | { version: number };

function sourceSql(source: PublishSource): { from: string; params: unknown[] } {
  return 'version' in source
    ? { from: `workflow_versions WHERE event_code = $1 AND version = $2`, params: [source.version] }
    : { from: `workflow_drafts WHERE event_code = $1`, params: [] };
}

/**
 * The graph a publish will store, as PostgreSQL's JSON text (for validation off the event loop)
 * and its catalog references; the source row stays locked until the transaction ends, so what
 * was validated is what is stored. Null when there is no such draft or version.
 */
export async function readGraphToPublish(em: EntityManager, eventCode: string, source: PublishSource): Promise<{ json: string; refs: WorkflowGraph } | null> {
  const { from, params } = sourceSql(source);
  const [row] = (await em.query(`SELECT graph::text AS json, ${graphRefsSql('graph')} AS refs FROM ${from} FOR UPDATE`, [eventCode, ...params])) as {
    json: string;
    refs: WorkflowGraph;
  }[];
  return row ?? null;
}

/**
 * Stores a published version whose graph is copied by PostgreSQL from its source row (read and
 * locked by readGraphToPublish in the same transaction), with the catalog frozen for it.
 */
export async function insertVersionFromStored(
  em: EntityManager,
  version: { eventCode: string; version: number; source: PublishSource; publishedAt: Date; publishedBy: string | null; note: string | null; catalog: FrozenCatalog },
): Promise<void> {
  const { from, params } = sourceSql(version.source);
  const at = params.length + 2;
  await em.query(
    `INSERT INTO workflow_versions (event_code, version, graph, published_at, published_by, note, catalog)
     SELECT $1, $${at}, graph, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb FROM ${from}`,
    [version.eventCode, ...params, version.version, version.publishedAt, version.publishedBy, version.note, JSON.stringify(version.catalog)],
  );
}
