import type { DataSource } from 'typeorm';
import { rowsOf } from '../common/query-rows';

export type TokenTake = { taken: true } | { taken: false; /** When the next token is due, roughly. */ waitMs: number };

/** Tokens available now, refilled since `refilled_at` at `$2` per second and capped at the burst `$3`. */
const AVAILABLE = `LEAST($3::float8, tokens + $2::float8 * GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - refilled_at)))`;
/** Float rounding of a refill that lands exactly on a whole token. */
const EPSILON = 1e-9;

/**
 * Named token buckets in the database: a rate (tokens per second) and a burst (bucket size) that
 * hold across every process using the database. Taking a token is one conditional UPDATE …
 * RETURNING on the bucket's row: concurrent takers queue on the row lock and each re-evaluates
 * the condition against the row as the previous one left it (PostgreSQL's READ COMMITTED
 * re-check), and `clock_timestamp()` is read after the lock, so no two takers share a token.
 */
export class TokenBuckets {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes a token from `bucket` (e.g. `provider:hss-main`, `api-key:<id>`), which starts full on first use. */
  async take(bucket: string, perSecond: number, burst: number): Promise<TokenTake> {
    const params = [bucket, perSecond, burst];
    if (await this.takeFromRow(params)) return { taken: true };
    // First use of the bucket: it starts full, less the token taken now. A taker that loses the
    // race to create it takes from the row the winner created.
    const created = await this.dataSource.query(
      `INSERT INTO token_buckets (bucket, tokens, refilled_at) VALUES ($1, $2::float8 - 1, clock_timestamp())
       ON CONFLICT (bucket) DO NOTHING RETURNING tokens`,
      [bucket, burst],
    );
    if (rowsOf(created).length > 0 || (await this.takeFromRow(params))) return { taken: true };
    const [row] = rowsOf(await this.dataSource.query(`SELECT ${AVAILABLE} AS available FROM token_buckets WHERE bucket = $1`, params)) as {
      available: number | string;
    }[];
    const missing = 1 - Number(row?.available ?? 0);
    return { taken: false, waitMs: Math.max(1, Math.ceil((missing / perSecond) * 1000)) };
  }

  private async takeFromRow(params: unknown[]): Promise<boolean> {
    const taken = await this.dataSource.query(
      `UPDATE token_buckets
          SET tokens = ${AVAILABLE} - 1, refilled_at = GREATEST(refilled_at, clock_timestamp())
        WHERE bucket = $1 AND ${AVAILABLE} >= ${1 - EPSILON}
        RETURNING tokens`,
      params,
    );
    return rowsOf(taken).length > 0;
  }
}

/** A provider's send rate (with burst), the same for every worker: the bucket `provider:<code>`. */
export class ProviderTokenBuckets {
  private readonly buckets: TokenBuckets;

  constructor(dataSource: DataSource) {
    this.buckets = new TokenBuckets(dataSource);
  }

  take(providerCode: string, perSecond: number, burst: number): Promise<TokenTake> {
    return this.buckets.take(`provider:${providerCode}`, perSecond, burst);
  }
}

/** `query()` answers an UPDATE with `[rows, count]` and a SELECT/INSERT with the rows. */
