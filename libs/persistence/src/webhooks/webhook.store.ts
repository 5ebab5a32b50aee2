import type { DataSource, EntityManager } from 'typeorm';
import type { WebhookEventFacts, WebhookEventType, WebhookFilter } from '@signalbox/domain';
import type { WebhookEvent } from '@signalbox/contracts';

export interface WebhookSubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  filter: WebhookFilter;
  /** Sealed (SecretBox); open it only to sign. */
  secret: string;
  createdBy: string;
  createdAt: string;
}

/** One state change in the outbox, with what subscriptions filter on. */
export interface WebhookOutboxEntry extends WebhookEventFacts {
  eventId: string;
  subjectId: string;
  body: Record<string, unknown>;
}

export interface WebhookDeliveryRow {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  subjectId: string;
  status: 'pending' | 'delivered' | 'dead' | 'dropped';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));

const subscriptionRow = (r: Record<string, unknown>): WebhookSubscriptionRow => ({
  id: r.id as string,
  url: r.url as string,
  description: (r.description as string | null) ?? null,
  filter: (r.filter as WebhookFilter) ?? {},
  secret: r.secret as string,
  createdBy: r.created_by as string,
  createdAt: iso(r.created_at) as string,
});

const deliveryRow = (r: Record<string, unknown>): WebhookDeliveryRow => ({
  id: String(r.id),
  subscriptionId: r.subscription_id as string,
  eventId: r.event_id as string,
  eventType: r.event_type as WebhookEventType,
  subjectId: r.subject_id as string,
  status: r.status as WebhookDeliveryRow['status'],
  attempts: r.attempts as number,
  lastStatus: (r.last_status as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
});

/** Serialises dispatchers (one per worker): outbox rows are handed on in id order by one at a time. */
const DISPATCH_LOCK = 1796900000;

/** Webhook subscriptions, the outbox of state changes and the delivery log. */
export class WebhookStore {
  constructor(private readonly dataSource: DataSource) {}

  async createSubscription(s: { id: string; url: string; description?: string; filter: WebhookFilter; sealedSecret: string; createdBy: string }): Promise<WebhookSubscriptionRow> {
    const [row] = await this.dataSource.query(`INSERT INTO webhook_subscriptions (id, url, description, filter, secret, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`, [
      s.id,
      s.url,
      s.description ?? null,
      JSON.stringify(s.filter),
      s.sealedSecret,
      s.createdBy,
    ]);
    return subscriptionRow(row);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
    return (count as number) > 0;
  }

  async subscriptions(): Promise<WebhookSubscriptionRow[]> {
    const rows = await this.dataSource.query(`SELECT * FROM webhook_subscriptions ORDER BY created_at, id`);
    return rows.map(subscriptionRow);
  }

  async subscription(id: string): Promise<WebhookSubscriptionRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM webhook_subscriptions WHERE id = $1`, [id]);
    return row ? subscriptionRow(row) : undefined;
  }

  /** Writes a state change to the outbox (a repeated event id writes nothing); pass the change's own transaction. */
  async append(entry: WebhookOutboxEntry, em: EntityManager = this.dataSource.manager): Promise<void> {
    await appendWebhookEvent(em, entry);
  }

  /**
   * Hands the oldest undispatched outbox rows to `dispatch` and marks them dispatched, in one
   * transaction under an advisory lock, so events leave in the order they were written and a
   * failed hand-over is tried again by the next call. Answers how many rows went.
   */
  async dispatch(limit: number, dispatch: (entries: WebhookOutboxEntry[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [DISPATCH_LOCK]);
      if (!locked) return 0;
      const rows: Record<string, unknown>[] = await em.query(`SELECT * FROM webhook_outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1`, [limit]);
      if (rows.length === 0) return 0;
      await dispatch(
        rows.map((r) => ({
          eventId: r.event_id as string,
          eventType: r.event_type as WebhookEventType,
          subjectId: r.subject_id as string,
          eventCode: (r.event_code as string | null) ?? null,
          providers: (r.providers as string[]) ?? [],
          state: r.state as string,
          body: r.body as Record<string, unknown>,
        })),
      );
      await em.query(`UPDATE webhook_outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => String(r.id))]);
      return rows.length;
    });
  }

  /** One attempt's outcome, upserted on (subscription, event id). */
  async recordDelivery(subscriptionId: string, event: WebhookEvent, outcome: { status: WebhookDeliveryRow['status']; httpStatus?: number; error?: string; attempted: boolean }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, subject_id, body, status, attempts, last_status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (subscription_id, event_id) DO UPDATE SET status = EXCLUDED.status, attempts = webhook_deliveries.attempts + $7,
         last_status = COALESCE(EXCLUDED.last_status, webhook_deliveries.last_status), last_error = EXCLUDED.last_error, updated_at = now()`,
      [subscriptionId, event.eventId, event.eventType, event.subjectId, JSON.stringify(event.body), outcome.status, outcome.attempted ? 1 : 0, outcome.httpStatus ?? null, outcome.error ?? null],
    );
  }

  async deliveries(q: { subscriptionId: string; status?: WebhookDeliveryRow['status']; limit: number }): Promise<WebhookDeliveryRow[]> {
    const params: unknown[] = [q.subscriptionId];
    const status = q.status ? ` AND status = $${params.push(q.status)}` : '';
    const rows = await this.dataSource.query(`SELECT * FROM webhook_deliveries WHERE subscription_id = $1${status} ORDER BY updated_at DESC, id DESC LIMIT $${params.push(q.limit)}`, params);
    return rows.map(deliveryRow);
  }

  /** A subscription's dead letter with its body, for a re-drive. */
  async deadLetter(subscriptionId: string, id: string): Promise<(WebhookDeliveryRow & { body: Record<string, unknown> }) | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2 AND status = 'dead'`, [id, subscriptionId]);
    return row ? { ...deliveryRow(row), body: row.body } : undefined;
  }
}

/** The outbox insert, for callers that write inside their own transaction (the service-order store). */
export async function appendWebhookEvent(em: EntityManager, e: WebhookOutboxEntry): Promise<void> {
  await em.query(
    `INSERT INTO webhook_outbox (event_id, event_type, subject_id, event_code, providers, state, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
    [e.eventId, e.eventType, e.subjectId, e.eventCode, e.providers, e.state, JSON.stringify(e.body)],
  );
}
