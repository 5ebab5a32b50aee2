/**
 * The rows of a raw `query()` answer: TypeORM's PostgreSQL driver answers a SELECT (and an INSERT
 * … RETURNING) with the rows, and an UPDATE or DELETE … RETURNING with `[rows, count]`.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}
