import type { EntityManager } from 'typeorm';

/**
 * The catalog's revision: bumped by the database itself in every transaction that writes a
 * catalog table (migration 1796960000000), so it changes exactly when a write commits. One
 * primary-key row, cheap enough to read on every request.
 */
export async function readCatalogRevision(db: Pick<EntityManager, 'query'>): Promise<string> {
  const [row] = (await db.query(`SELECT revision::text AS revision FROM catalog_revision WHERE id = 1`)) as { revision: string }[];
  if (!row) throw new Error('catalog_revision has no row: run the migrations');
  return row.revision;
}

/** The catalog's revision and the API keys' (migration 1796990000000), read together. */
export interface Revisions {
  catalog: string;
  keys: string;
}

/** Both revisions in one round trip: what an API request checks before it answers from memory. */
export async function readRevisions(db: Pick<EntityManager, 'query'>): Promise<Revisions> {
  const [row] = (await db.query(
    `SELECT c.revision::text AS catalog, k.revision::text AS keys FROM catalog_revision c, api_key_revision k WHERE c.id = 1 AND k.id = 1`,
  )) as Revisions[];
  if (!row) throw new Error('catalog_revision or api_key_revision has no row: run the migrations');
  return { catalog: row.catalog, keys: row.keys };
}
