import type { EntityManager } from 'typeorm';
import type { OrderState } from '@signalbox/domain';
import { rowsOf } from '../common/query-rows';
import type { NewExchange } from './service-order.types';

/** A line of the order's log, and the state change it announces (webhook outbox) when it is one. */
export interface LogLine extends NewExchange {
  /** ISO date-time. */
  at: string;
  /** The outbox event for this line: its state and body (the event id is filled in with the line's seq). */
  announce?: { state: OrderState; body: Record<string, unknown> };
}

/** Everything one locked change of an order writes. */
export interface OrderWrite {
  orderId: string;
  /** The order's state after the change (absent: the row is not updated). */
  state?: { to: OrderState; updatedAt: Date; closedAt: Date | null };
  /** Appended to the log in this order. */
  log: LogLine[];
  /** What announced lines share: the order's event code and provider. */
  eventCode: string | null;
  providers: string[];
  /** The (provider, subject key) provisioning status the change sets. */
  status?: { providerCode: string; subjectKey: string; state: Record<string, unknown>; updatedAt: Date };
}

/** The outbox event id of an order's log line: its place in the log. */
export const orderEventId = (orderId: string, seq: number) => `order:${orderId}:${seq}`;

/**
 * Writes one change of an order — its new state, log lines (numbered after the last), their
 * outbox events and the provisioning status — in a single statement. The caller holds the order's
 * row lock (taken by an earlier statement of its transaction), which keeps the numbering gapless:
 * every writer of the log locks the row first, and this statement's snapshot is taken after the
 * lock was granted. One round trip instead of three per state change: each costs the worker a
 * socket write, the largest part of its CPU per order (docs/benchmarks.md).
 *
 * Returns the seq of the first line written (the others follow it).
 */
export async function writeOrderChange(manager: EntityManager, w: OrderWrite): Promise<number> {
  const lines = w.log.map((l, i) => ({
    i: i + 1,
    direction: l.direction,
    at: l.at,
    payload: l.payload ?? null,
    http_status: l.httpStatus ?? null,
    latency_ms: l.latencyMs === undefined ? null : Math.round(l.latencyMs),
    note: l.note ?? null,
    announce_state: l.announce?.state ?? null,
    announce_body: l.announce?.body ?? null,
  }));
  const [row] = rowsOf<{ seq: number | string }>(
    await manager.query(
      `WITH last AS (SELECT COALESCE(MAX(seq), 0) AS seq FROM service_order_exchanges WHERE order_id = $1::uuid),
       lines AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS l(i int, direction text, at timestamptz, payload jsonb, http_status int, latency_ms int, note text, announce_state text, announce_body jsonb)
       ),
       logged AS (
         INSERT INTO service_order_exchanges (order_id, seq, direction, at, payload, http_status, latency_ms, note)
         SELECT $1::uuid, last.seq + l.i, l.direction, l.at, l.payload, l.http_status, l.latency_ms, l.note FROM last, lines l
       ),
       announced AS (
         INSERT INTO webhook_outbox (event_id, event_type, subject_id, event_code, providers, state, body)
         SELECT 'order:' || $1::text || ':' || (last.seq + l.i), 'serviceOrder.stateChanged', $1::text, $3::text, $4::text[], l.announce_state,
                jsonb_set(l.announce_body, '{eventId}', to_jsonb('order:' || $1::text || ':' || (last.seq + l.i)))
         FROM last, lines l WHERE l.announce_state IS NOT NULL ORDER BY l.i
         ON CONFLICT (event_id) DO NOTHING
       ),
       moved AS (
         UPDATE service_orders SET state = $5::text, updated_at = $6::timestamptz, closed_at = $7::timestamptz WHERE id = $1::uuid AND $5::text IS NOT NULL
       ),
       status AS (
         INSERT INTO provisioning_status (provider_code, subject_key, state, order_id, updated_at)
         SELECT $8::text, $9::text, $10::jsonb, $1::uuid, $11::timestamptz WHERE $8::text IS NOT NULL
         ON CONFLICT (provider_code, subject_key) DO UPDATE SET state = EXCLUDED.state, order_id = EXCLUDED.order_id, updated_at = EXCLUDED.updated_at
       )
       SELECT seq + 1 AS seq FROM last`,
      [
        w.orderId,
        JSON.stringify(lines),
        w.eventCode,
        w.providers,
        w.state?.to ?? null,
        w.state?.updatedAt ?? null,
        w.state?.closedAt ?? null,
        w.status?.providerCode ?? null,
        w.status?.subjectKey ?? null,
        w.status ? JSON.stringify(w.status.state) : null,
        w.status?.updatedAt ?? null,
      ],
    ),
  );
  return Number(row.seq);
}
