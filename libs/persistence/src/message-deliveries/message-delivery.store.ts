import type { DataSource } from 'typeorm';
import type { DeliveryReport, MessageDeliveryStatus } from '@signalbox/domain';

/** A message as the communication step starts sending it. */
export interface OutboundMessage {
  messageId: string;
  runId: string;
  nodeId: string;
  channel: 'sms' | 'email' | 'push' | 'letter';
  providerCode?: string;
  /** Already masked (maskRecipient): the full address is never stored here. */
  recipient: string;
  templateCode: string;
  locale: string;
  test: boolean;
}

export interface MessageDeliveryView extends Omit<OutboundMessage, 'providerCode'> {
  providerCode: string | null;
  status: MessageDeliveryStatus;
  providerAnswer: unknown;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  reportedAt: string | null;
}

/** What applying a delivery report did. */
export type ReportOutcome =
  | { kind: 'recorded'; message: MessageDeliveryView }
  | { kind: 'duplicate'; message: MessageDeliveryView }
  | { kind: 'not-found' }
  | { kind: 'closed'; message: MessageDeliveryView };

/** Statuses a message does not leave: the recipient's side has spoken, or the step gave up. */
const FINAL: readonly MessageDeliveryStatus[] = ['delivered', 'undeliverable', 'failed'];

/**
 * The delivery status of every message runs send. The communication activity writes `queued`
 * before it sends and the outcome after; a gateway's delivery report moves a `sent` message on.
 * Each change is one conditional statement, so a report that overtakes the step's own `sent`
 * (a fast gateway) is not overwritten by it.
 */
export class MessageDeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records the message as being sent; a retried attempt counts itself on the same row. */
  async queued(message: OutboundMessage): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outbound_messages (message_id, run_id, node_id, channel, provider_code, recipient, template_code, locale, status, test)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9)
       ON CONFLICT (message_id) DO UPDATE SET attempts = outbound_messages.attempts + 1, updated_at = now()`,
      [message.messageId, message.runId, message.nodeId, message.channel, message.providerCode ?? null, message.recipient, message.templateCode, message.locale, message.test],
    );
  }

  /** The step's outcome: `sent` with the provider's answer, or `failed` / `undeliverable` (a retryable problem keeps `queued`). */
  async settled(messageId: string, status: MessageDeliveryStatus, providerAnswer: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbound_messages SET status = $2, provider_answer = $3, updated_at = now(),
         sent_at = CASE WHEN $2 = 'sent' THEN COALESCE(sent_at, now()) ELSE sent_at END
       WHERE message_id = $1 AND status IN ('queued', 'sent')`,
      [messageId, status, JSON.stringify(providerAnswer ?? null)],
    );
  }

  /** The provider of a message (to check a report's signature against), if the message exists. */
  async providerOf(messageId: string): Promise<{ providerCode: string | null } | undefined> {
    const [row] = (await this.dataSource.query(`SELECT provider_code FROM outbound_messages WHERE message_id = $1`, [messageId])) as { provider_code: string | null }[];
    return row ? { providerCode: row.provider_code } : undefined;
  }

  /**
   * Applies a gateway's delivery report: a queued or sent message takes its status; the same
   * report again is a duplicate (no change); a different one for a message already final is refused.
   */
  async report(report: DeliveryReport): Promise<ReportOutcome> {
    return this.dataSource.transaction(async (em) => {
      const [current] = (await em.query(`SELECT * FROM outbound_messages WHERE message_id = $1 FOR UPDATE`, [report.messageId])) as Row[];
      if (!current) return { kind: 'not-found' };
      if (current.status === report.status) return { kind: 'duplicate', message: viewOf(current) };
      if (FINAL.includes(current.status)) return { kind: 'closed', message: viewOf(current) };
      const answer = { report: { status: report.status, ...(report.at ? { at: report.at } : {}), ...(report.reason ? { reason: report.reason } : {}) }, ...(current.provider_answer && typeof current.provider_answer === 'object' ? { sent: current.provider_answer } : {}) };
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [rows] = (await em.query(
        `UPDATE outbound_messages SET status = $2, provider_answer = $3, reported_at = now(), updated_at = now() WHERE message_id = $1 RETURNING *`,
        [report.messageId, report.status, JSON.stringify(answer)],
      )) as [Row[], number];
      return { kind: 'recorded', message: viewOf(rows[0]!) };
    });
  }

  /** Newest first, filtered by run and status. */
  async list(filter: { runId?: string; status?: MessageDeliveryStatus }, page: number, pageSize: number): Promise<{ items: MessageDeliveryView[]; page: number; pageSize: number; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId) {
      params.push(filter.runId);
      where.push(`run_id = $${params.length}`);
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM outbound_messages ${clause}`, params)) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT * FROM outbound_messages ${clause} ORDER BY created_at DESC, message_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    )) as Row[];
    return { items: rows.map(viewOf), page, pageSize, total };
  }
}

interface Row {
  message_id: string;
  run_id: string;
  node_id: string;
  channel: OutboundMessage['channel'];
  provider_code: string | null;
  recipient: string;
  template_code: string;
  locale: string;
  status: MessageDeliveryStatus;
  provider_answer: unknown;
  attempts: number;
  test: boolean;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  reported_at: Date | null;
}

function viewOf(row: Row): MessageDeliveryView {
  return {
    messageId: row.message_id,
    runId: row.run_id,
    nodeId: row.node_id,
    channel: row.channel,
    providerCode: row.provider_code,
    recipient: row.recipient,
    templateCode: row.template_code,
    locale: row.locale,
    status: row.status,
    providerAnswer: row.provider_answer,
    attempts: row.attempts,
    test: row.test,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    reportedAt: row.reported_at?.toISOString() ?? null,
  };
}
