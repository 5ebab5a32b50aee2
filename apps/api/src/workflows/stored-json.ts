import type { EntityManager } from 'typeorm';

/** Bytes per row when a stored graph is read in pieces: small enough to stay in V8's young generation. */
const CHUNK_BYTES = 65_536;

/**
 * The JSON text of one jsonb value, read as UTF-8 bytes in pieces of 64 kB (one row each). `source`
 * is a query answering at most one row with the value as `value` and anything else the caller
 * wants back in `extra` (a jsonb object, small). The text of a graph of megabytes is then never one
 * string on the API's heap: each piece is decoded and written as it comes, between other requests.
 * The MATERIALIZED CTE makes PostgreSQL render the text once, not once per piece.
 * Null when the source has no row.
 */
export async function readJsonInChunks(em: Pick<EntityManager, 'query'>, source: string, params: unknown[]): Promise<{ chunks: Buffer[]; extra: Record<string, unknown> } | null> {
  const rows = (await em.query(
    `WITH src AS MATERIALIZED (SELECT convert_to(value::text, 'UTF8') AS bytes, extra FROM (${source}) s LIMIT 1)
     SELECT substring(src.bytes FROM p.i FOR ${CHUNK_BYTES}) AS chunk, CASE WHEN p.i = 1 THEN src.extra END AS extra
       FROM src CROSS JOIN LATERAL generate_series(1, octet_length(src.bytes), ${CHUNK_BYTES}) AS p(i)
      ORDER BY p.i`,
    params,
  )) as { chunk: Buffer; extra: Record<string, unknown> | null }[];
  if (rows.length === 0) return null;
  return { chunks: rows.map((r) => r.chunk), extra: rows[0].extra ?? {} };
}
