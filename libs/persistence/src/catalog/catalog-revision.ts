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
