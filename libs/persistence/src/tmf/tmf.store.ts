import type { DataSource, EntityManager } from 'typeorm';
import type { TmfCancellation, TmfOrderRecord, TmfOrderState } from '@signalbox/domain';
import type { TmfEventType, TmfHubEvent, TmfOrderProgress } from '@signalbox/contracts';

/** An order's row: the domain's record of it (tmfServiceOrderView renders it). */
export type TmfOrderRow = TmfOrderRecord;

export interface TmfSubscriptionRow {
  id: string;
  callback: string;
  query: string | null;
  /** Sealed (SecretBox); open it only to sign. */
  secret: string;
  createdAt: string;
}

export interface TmfDeliveryRow {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: TmfEventType;
  orderId: string;
  status: 'pending' | 'delivered' | 'dead' | 'dropped';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Order filters TMF630 attribute filtering may use, mapped to SQL over the row (alias o). */
export const TMF_ORDER_FILTERS = {
  state: `o.state`,
  externalId: `o.request->>'externalId'`,
  category: `o.request->>'category'`,
  priority: `o.request->>'priority'`,
  description: `o.request->>'description'`,
} as const;
export type TmfOrderFilter = keyof typeof TMF_ORDER_FILTERS;

const FINAL: readonly string[] = ['completed', 'failed', 'partial', 'cancelled', 'rejected'];
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

const orderRow = (r: Record<string, unknown>): TmfOrderRow => ({
  id: r.id as string,
  request: r.request as Record<string, unknown>,
  state: r.state as TmfOrderState,
  items: r.items as TmfOrderRow['items'],
  orderDate: iso(r.order_date) as string,
  startDate: iso(r.start_date),
  completionDate: iso(r.completion_date),
  cancellation: (r.cancellation as TmfCancellation | null) ?? null,
});

const deliveryRow = (r: Record<string, unknown>): TmfDeliveryRow => ({
  id: String(r.id),
  subscriptionId: r.subscription_id as string,
  eventId: r.event_id as string,
  eventType: r.event_type as TmfEventType,
  orderId: r.order_id as string,
  status: r.status as TmfDeliveryRow['status'],
  attempts: r.attempts as number,
  lastStatus: (r.last_status as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
});

/** TMF641 orders, hub subscriptions and the hub's delivery log. */
export class TmfStore {
  constructor(private readonly dataSource: DataSource) {}

  async createOrder(o: { id: string; request: Record<string, unknown>; items: TmfOrderRow['items']; createdBy: string }, em: EntityManager = this.dataSource.manager): Promise<TmfOrderRow> {
    const [row] = await em.query(`INSERT INTO tmf_service_orders (id, request, state, items, created_by) VALUES ($1, $2, 'acknowledged', $3, $4) RETURNING *`, [
      o.id,
      JSON.stringify(o.request),
      JSON.stringify(o.items),
      o.createdBy,
    ]);
    return orderRow(row);
  }

  async getOrder(id: string): Promise<TmfOrderRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM tmf_service_orders WHERE id = $1`, [id]);
    return row ? orderRow(row) : undefined;
  }

  async listOrders(q: { offset: number; limit: number; filters: Partial<Record<TmfOrderFilter, string>> }): Promise<{ rows: TmfOrderRow[]; total: number }> {
    const params: unknown[] = [];
    const where = Object.entries(q.filters).map(([name, value]) => {
      params.push(value);
      return `${TMF_ORDER_FILTERS[name as TmfOrderFilter]} = $${params.length}`;
    });
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM tmf_service_orders o ${clause}`, params);
    const rows = await this.dataSource.query(`SELECT * FROM tmf_service_orders o ${clause} ORDER BY order_date DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, q.limit, q.offset]);
    return { rows: rows.map(orderRow), total: count as number };
  }

  /** Merges the patch into the order's request fields; undefined when there is no such order. */
  async patchOrder(id: string, patch: Record<string, unknown>): Promise<TmfOrderRow | undefined> {
    const [rows] = await this.dataSource.query(`UPDATE tmf_service_orders SET request = request || $2::jsonb, updated_at = now() WHERE id = $1 RETURNING *`, [id, JSON.stringify(patch)]);
    const row = Array.isArray(rows) ? rows[0] : rows;
    return row ? orderRow(row) : undefined;
  }

  async deleteOrder(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM tmf_service_orders WHERE id = $1`, [id]);
    return (count as number) > 0;
  }

  /** Records a cancel request on its order: the order as it now is, or why not (unknown order, already final, already being cancelled). */
  async requestCancellation(id: string, cancellation: TmfCancellation): Promise<{ order: TmfOrderRow & { cancellation: TmfCancellation } } | 'missing' | 'final' | 'cancelling'> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query(`SELECT state, cancellation FROM tmf_service_orders WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) return 'missing';
      if (FINAL.includes(row.state as string)) return 'final';
      if (row.cancellation) return 'cancelling';
      const [updated] = await em.query(`UPDATE tmf_service_orders SET cancellation = $2, updated_at = now() WHERE id = $1 RETURNING *`, [id, JSON.stringify(cancellation)]);
      return { order: orderRow(Array.isArray(updated) ? updated[0] : updated) as TmfOrderRow & { cancellation: TmfCancellation } };
    });
  }

  /** The order a cancelServiceOrder request belongs to, found by the request's id. */
  async getCancellation(cancelId: string): Promise<(TmfOrderRow & { cancellation: TmfCancellation }) | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM tmf_service_orders WHERE cancellation->>'id' = $1`, [cancelId]);
    return row ? (orderRow(row) as TmfOrderRow & { cancellation: TmfCancellation }) : undefined;
  }

  /** Orders with a cancel request (or the one order named), the latest request first. */
  async listCancellations(q: { offset: number; limit: number; orderId?: string }): Promise<{ rows: (TmfOrderRow & { cancellation: TmfCancellation })[]; total: number }> {
    const params: unknown[] = [];
    const where = `cancellation IS NOT NULL${q.orderId ? ` AND id = $${params.push(q.orderId)}` : ''}`;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM tmf_service_orders WHERE ${where}`, params);
    const rows = await this.dataSource.query(
      `SELECT * FROM tmf_service_orders WHERE ${where} ORDER BY cancellation->>'date' DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.limit, q.offset],
    );
    return { rows: rows.map(orderRow), total: count as number };
  }

  /** Writes what the orchestration workflow reports (idempotent: a retry writes the same). */
  async applyProgress(p: Pick<TmfOrderProgress, 'orderId' | 'state' | 'items'>): Promise<TmfOrderRow | undefined> {
    const [rows] = await this.dataSource.query(
      `UPDATE tmf_service_orders SET state = $2, items = $3,
         start_date = CASE WHEN start_date IS NULL AND $2 <> 'acknowledged' THEN now() ELSE start_date END,
         completion_date = CASE WHEN completion_date IS NULL AND $2 = ANY($4) THEN now() ELSE completion_date END,
         updated_at = now()
       WHERE id = $1 RETURNING *`,
      [p.orderId, p.state, JSON.stringify(p.items), FINAL],
    );
    const row = Array.isArray(rows) ? rows[0] : rows;
    return row ? orderRow(row) : undefined;
  }

  async createSubscription(s: { id: string; callback: string; query: string | null; sealedSecret: string; createdBy: string }): Promise<TmfSubscriptionRow> {
    const [row] = await this.dataSource.query(`INSERT INTO tmf_hub_subscriptions (id, callback, query, secret, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
      s.id,
      s.callback,
      s.query,
      s.sealedSecret,
      s.createdBy,
    ]);
    return { id: row.id, callback: row.callback, query: row.query, secret: row.secret, createdAt: iso(row.created_at) as string };
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM tmf_hub_subscriptions WHERE id = $1`, [id]);
    return (count as number) > 0;
  }

  async subscriptions(): Promise<TmfSubscriptionRow[]> {
    const rows = await this.dataSource.query(`SELECT * FROM tmf_hub_subscriptions ORDER BY created_at, id`);
    return rows.map((row: Record<string, unknown>) => ({ id: row.id, callback: row.callback, query: row.query, secret: row.secret, createdAt: iso(row.created_at) }));
  }

  async subscription(id: string): Promise<TmfSubscriptionRow | undefined> {
    return (await this.subscriptions()).find((s) => s.id === id);
  }

  /** One attempt's outcome, upserted on (listener, event id). */
  async recordDelivery(subscriptionId: string, event: TmfHubEvent, outcome: { status: TmfDeliveryRow['status']; httpStatus?: number; error?: string; attempted: boolean }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO tmf_hub_deliveries (subscription_id, event_id, event_type, order_id, body, status, attempts, last_status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (subscription_id, event_id) DO UPDATE SET status = EXCLUDED.status, attempts = tmf_hub_deliveries.attempts + $7,
         last_status = COALESCE(EXCLUDED.last_status, tmf_hub_deliveries.last_status), last_error = EXCLUDED.last_error, updated_at = now()`,
      [subscriptionId, event.eventId, event.eventType, event.orderId, JSON.stringify(event.body), outcome.status, outcome.attempted ? 1 : 0, outcome.httpStatus ?? null, outcome.error ?? null],
    );
  }

  async deliveries(q: { subscriptionId?: string; status?: TmfDeliveryRow['status']; limit: number }): Promise<TmfDeliveryRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.subscriptionId) where.push(`subscription_id = $${params.push(q.subscriptionId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    const rows = await this.dataSource.query(`SELECT * FROM tmf_hub_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC LIMIT $${params.push(q.limit)}`, params);
    return rows.map(deliveryRow);
  }

  /** A dead letter with its body, for a re-drive. */
  async deadLetter(id: string): Promise<(TmfDeliveryRow & { body: Record<string, unknown> }) | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM tmf_hub_deliveries WHERE id = $1 AND status = 'dead'`, [id]);
    return row ? { ...deliveryRow(row), body: row.body } : undefined;
  }
}
