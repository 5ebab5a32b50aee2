import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export type MessageKeys = Partial<Record<string, string>>;

export interface StoredMessage {
  id: string;
  name: string;
  correlationKeys: MessageKeys;
  payload: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
  consumedAt: string | null;
}

/** `delivered`: some run took it; `buffered`: kept for a run that is not waiting yet; `expired`: nobody took it in time. */
export type MessageStatus = 'delivered' | 'buffered' | 'expired';

export interface MessageView extends StoredMessage {
  status: MessageStatus;
  deliveries: { runId: string; via: 'waiting' | 'buffer'; deliveredAt: string }[];
}

/** A run's message wait, as it registers it. */
export interface MessageWait {
  runId: string;
  nodeId: string;
  name: string;
  correlationKeys: MessageKeys;
  /** When the wait times out (ISO); absent: never. */
  until?: string;
}

/**
 * Correlated messages, their deliveries, and the message waits runs are in.
 *
 * Sending a message and a run starting to wait for it are serialised by a transaction-scoped
 * advisory lock per message name, so one of the two always sees the other: either the run's
 * claim finds the stored message in the buffer, or the sender finds the run's registered wait
 * (and delivers by update). Without the lock (or with Temporal's eventually consistent
 * visibility instead of this table) a message sent while a run is getting to its wait could be
 * missed by both and sit in the buffer until it expired.
 */
export class MessageStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the message (kept until `expiresAt` unless a run takes it) and answers the runs waiting for it now. */
  async publish(input: { name: string; correlationKeys: MessageKeys; payload: Record<string, unknown>; ttlSeconds: number }): Promise<{ message: StoredMessage; waiting: string[] }> {
    return this.dataSource.transaction(async (em) => {
      await lockName(em, input.name);
      const [row] = (await em.query(
        `INSERT INTO correlated_messages (id, name, correlation_keys, payload, created_at, expires_at)
         VALUES ($1, $2, $3, $4, now(), now() + make_interval(secs => $5))
         RETURNING *`,
        [randomUUID(), input.name, JSON.stringify(input.correlationKeys), JSON.stringify(input.payload), input.ttlSeconds],
      )) as RawMessage[];
      // Waits whose run timed out are no longer of use to anyone.
      await em.query(`DELETE FROM message_waits WHERE name = $1 AND until < now()`, [input.name]);
      const waits = (await em.query(
        `SELECT DISTINCT run_id FROM message_waits WHERE name = $1 AND $2::jsonb @> correlation_keys ORDER BY run_id`,
        [input.name, JSON.stringify(input.correlationKeys)],
      )) as { run_id: string }[];
      return { message: messageOf(row), waiting: waits.map((w) => w.run_id) };
    });
  }

  /**
   * Records that these runs took the message while waiting (it is then no longer buffered) and
   * forgets waits that are over: the runs that took it, and `gone` (runs that ended).
   */
  async recordDeliveries(messageId: string, name: string, runIds: readonly string[], gone: readonly string[] = []): Promise<void> {
    if (runIds.length === 0 && gone.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      if (runIds.length > 0) {
        await em.query(
          `INSERT INTO message_deliveries (message_id, run_id, via) SELECT $1, unnest($2::text[]), 'waiting' ON CONFLICT DO NOTHING`,
          [messageId, runIds],
        );
        await em.query(`UPDATE correlated_messages SET consumed_at = COALESCE(consumed_at, now()) WHERE id = $1`, [messageId]);
      }
      await em.query(`DELETE FROM message_waits WHERE name = $1 AND run_id = ANY($2::text[])`, [name, [...runIds, ...gone]]);
    });
  }

  /**
   * A run reaches a message wait: answers the oldest buffered message that matches (taken: no
   * other run gets it) or registers the wait for senders to find. Safe to repeat: a retry after a
   * lost answer finds the message this node already took (unless the run has seen it: `seen`).
   */
  async claim(wait: MessageWait, seen: readonly string[] = []): Promise<StoredMessage | undefined> {
    return this.dataSource.transaction(async (em) => {
      await lockName(em, wait.name);
      const [again] = (await em.query(
        `SELECT m.* FROM message_deliveries d JOIN correlated_messages m ON m.id = d.message_id
          WHERE d.run_id = $1 AND d.node_id = $2 AND d.via = 'buffer' AND NOT (m.id::text = ANY($3::text[]))
          ORDER BY d.delivered_at LIMIT 1`,
        [wait.runId, wait.nodeId, seen],
      )) as RawMessage[];
      if (again) return messageOf(again);
      const [buffered] = (await em.query(
        `SELECT * FROM correlated_messages m
          WHERE m.name = $1 AND m.consumed_at IS NULL AND m.expires_at > now() AND m.correlation_keys @> $2::jsonb
            AND NOT EXISTS (SELECT 1 FROM message_deliveries d WHERE d.message_id = m.id AND d.run_id = $3)
            AND NOT (m.id::text = ANY($4::text[]))
          ORDER BY m.created_at, m.id LIMIT 1
          FOR UPDATE`,
        [wait.name, JSON.stringify(wait.correlationKeys), wait.runId, seen],
      )) as RawMessage[];
      if (buffered) {
        await em.query(`UPDATE correlated_messages SET consumed_at = now() WHERE id = $1`, [buffered.id]);
        await em.query(`INSERT INTO message_deliveries (message_id, run_id, node_id, via) VALUES ($1, $2, $3, 'buffer') ON CONFLICT DO NOTHING`, [
          buffered.id,
          wait.runId,
          wait.nodeId,
        ]);
        await em.query(`DELETE FROM message_waits WHERE run_id = $1 AND node_id = $2`, [wait.runId, wait.nodeId]);
        return messageOf({ ...buffered, consumed_at: new Date() });
      }
      await em.query(
        `INSERT INTO message_waits (run_id, node_id, name, correlation_keys, until, registered_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (run_id, node_id) DO UPDATE SET name = EXCLUDED.name, correlation_keys = EXCLUDED.correlation_keys, until = EXCLUDED.until, registered_at = now()`,
        [wait.runId, wait.nodeId, wait.name, JSON.stringify(wait.correlationKeys), wait.until ?? null],
      );
      return undefined;
    });
  }

  async get(id: string): Promise<MessageView | undefined> {
    const [row] = (await this.dataSource.query(`SELECT * FROM correlated_messages WHERE id = $1`, [id])) as RawMessage[];
    if (!row) return undefined;
    const [view] = await this.withDeliveries([row]);
    return view;
  }

  /** Newest first; `status` filters (expired: kept past its time-to-live and taken by no run). */
  async list(filter: { status?: MessageStatus; name?: string; page: number; pageSize: number }): Promise<{ items: MessageView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.name) where.push(`name = $${params.push(filter.name)}`);
    if (filter.status === 'delivered') where.push(`consumed_at IS NOT NULL`);
    if (filter.status === 'buffered') where.push(`consumed_at IS NULL AND expires_at > now()`);
    if (filter.status === 'expired') where.push(`consumed_at IS NULL AND expires_at <= now()`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM correlated_messages ${clause}`, params)) as { n: number }[];
    const rows = (await this.dataSource.query(
      `SELECT * FROM correlated_messages ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.pageSize, (filter.page - 1) * filter.pageSize],
    )) as RawMessage[];
    return { items: await this.withDeliveries(rows), total: n };
  }

  private async withDeliveries(rows: RawMessage[]): Promise<MessageView[]> {
    if (rows.length === 0) return [];
    const deliveries = (await this.dataSource.query(
      `SELECT message_id, run_id, via, delivered_at FROM message_deliveries WHERE message_id = ANY($1::uuid[]) ORDER BY delivered_at, run_id`,
      [rows.map((r) => r.id)],
    )) as { message_id: string; run_id: string; via: 'waiting' | 'buffer'; delivered_at: Date }[];
    const now = Date.now();
    return rows.map((row) => {
      const message = messageOf(row);
      const status: MessageStatus = message.consumedAt ? 'delivered' : Date.parse(message.expiresAt) <= now ? 'expired' : 'buffered';
      return {
        ...message,
        status,
        deliveries: deliveries
          .filter((d) => d.message_id === row.id)
          .map((d) => ({ runId: d.run_id, via: d.via, deliveredAt: new Date(d.delivered_at).toISOString() })),
      };
    });
  }
}

interface RawMessage {
  id: string;
  name: string;
  correlation_keys: MessageKeys;
  payload: Record<string, unknown>;
  created_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

function messageOf(row: RawMessage): StoredMessage {
  return {
    id: row.id,
    name: row.name,
    correlationKeys: row.correlation_keys,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    consumedAt: row.consumed_at ? new Date(row.consumed_at).toISOString() : null,
  };
}

/** Serialises senders and claimers of one message name until the transaction ends. */
async function lockName(em: EntityManager, name: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('signalbox.message:' || $1))`, [name]);
}
