import { randomUUID } from 'node:crypto';
import { And, LessThanOrEqual, MoreThanOrEqual, Raw, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { canTransition, type OrderState, type Transition } from '@signalbox/domain';
import { ServiceOrderEntity } from './service-order.entity';
import { ServiceOrderExchangeEntity } from './service-order-exchange.entity';
import { ProvisioningStatusEntity } from './provisioning-status.entity';
import { writeOrderChange, type LogLine } from './order-writes';
import type {
  CallbackOutcome,
  NewExchange,
  NewServiceOrder,
  Page,
  PageRequest,
  ProvisioningStatus,
  ServiceOrder,
  ServiceOrderExchange,
  ServiceOrderFilter,
  ServiceOrderWithExchanges,
  TransitionOptions,
  TransitionResult,
} from './service-order.types';
import { rowsOf } from '../common/query-rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE_SIZE = 200;

export class ServiceOrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`service order ${orderId} does not exist`);
    this.name = 'ServiceOrderNotFoundError';
  }
}

/** An order is closed once its state has no way out in its service type's machine. */
function isFinal(transitions: readonly Transition[], state: OrderState): boolean {
  return !transitions.some((t) => t.from === state);
}

/**
 * The service-order record and its network request log. Every state change goes through
 * `transition`, which enforces the service type's state machine and logs the change in the same
 * transaction, under a row lock, so concurrent callers cannot both move an order.
 */
export class ServiceOrderStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the order in state NEW. With a given id, a repeated call returns the existing order. */
  async create(input: NewServiceOrder): Promise<ServiceOrder> {
    const id = input.id ?? randomUUID();
    const now = new Date();
    // One round trip: the new row, or the existing one when the id was used before.
    const created = rowsOf<OrderRow>(
      await this.dataSource.query(
        `WITH inserted AS (
           INSERT INTO service_orders (id, service_key, provider_code, service_type, action, priority, mode, state, fields, subject,
                                       run_workflow_id, node_id, is_test, created_at, updated_at, kind)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'NEW', $8::jsonb, $9::jsonb, $10, $11, $12, $13, $13, $14)
           ON CONFLICT (id) DO NOTHING
           RETURNING ${ORDER_COLUMNS}
         )
         SELECT * FROM inserted
         UNION ALL
         SELECT ${ORDER_COLUMNS} FROM service_orders WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [
          id,
          input.serviceKey,
          input.providerCode,
          input.serviceType,
          input.action,
          input.priority ?? 'normal',
          input.mode,
          JSON.stringify(input.fields),
          JSON.stringify(input.subject),
          input.runWorkflowId ?? null,
          input.nodeId ?? null,
          input.isTest ?? false,
          now,
          input.kind ?? 'service',
        ],
      ),
    );
    if (!created[0]) throw new ServiceOrderNotFoundError(id);
    return toOrder(fromRow(created[0]));
  }

  async transition(id: string, to: OrderState, options: TransitionOptions): Promise<TransitionResult> {
    return this.dataSource.transaction(async (manager) => this.change(manager, await this.lock(manager, id), [to], options));
  }

  /**
   * Moves the order through `path` in one transaction (e.g. NEW → READY → PROCESSING before a
   * send), each change checked, logged and announced as `transition` does; stops at the first
   * change refused. States the order has already passed are skipped (a retried send).
   */
  async advance(id: string, path: readonly OrderState[], options: TransitionOptions): Promise<TransitionResult> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, id);
      const at = path.indexOf(row.state);
      return this.change(manager, row, at >= 0 ? path.slice(at + 1) : path, options);
    });
  }

  /**
   * Checked state changes of a locked row, in order, stopping at the first refused (which is
   * logged as refused): each applied one is logged and announced in the caller's transaction,
   * with `options.before` logged ahead of them and `options.after` and the provisioning status
   * written when every change applied — all in one statement (order-writes.ts).
   */
  private async change(manager: EntityManager, row: ServiceOrderEntity, targets: readonly OrderState[], options: TransitionOptions): Promise<TransitionResult> {
    const at = new Date().toISOString();
    const log: LogLine[] = options.before ? [{ ...options.before, at }] : [];
    let current = row;
    let result: TransitionResult = { applied: true, changed: false, from: row.state, order: toOrder(row) };
    for (const to of targets) {
      const from = current.state;
      if (from === to && (options.from === undefined || options.from === from)) {
        result = { applied: true, changed: false, from, order: toOrder(current) };
        continue;
      }
      let reason: string | undefined;
      if (options.from !== undefined && options.from !== from) reason = `expected ${options.from} but the order is ${from}`;
      else if (!canTransition(options.transitions, from, to)) reason = `${from} → ${to} is not allowed for ${row.serviceType}`;
      if (reason) {
        log.push({ direction: 'state-change', payload: { from, to, ...withPayload(options.payload) }, note: `refused: ${reason}`, at });
        result = { applied: false, from, reason, order: toOrder(current) };
        break;
      }
      current = { ...current, state: to, updatedAt: new Date(at), closedAt: isFinal(options.transitions, to) ? new Date(at) : null };
      const order = toOrder(current);
      // The webhook outbox gets the change in the same statement: it is announced if and only if it happened.
      log.push({ direction: 'state-change', payload: { from, to, ...withPayload(options.payload) }, note: options.note, at, announce: { state: to, body: orderStateBody(order, from, at) } });
      result = { applied: true, changed: true, from, order };
    }
    if (result.applied && options.after) log.push({ ...options.after, at });
    const status = result.applied && options.provisioningStatus ? { ...options.provisioningStatus, updatedAt: new Date(at) } : undefined;
    const moved = current !== row ? { to: current.state, updatedAt: current.updatedAt, closedAt: current.closedAt } : undefined;
    if (log.length || moved || status) {
      await writeOrderChange(manager, {
        orderId: row.id,
        ...(moved ? { state: moved } : {}),
        log,
        eventCode: eventCodeOf(row.runWorkflowId),
        providers: [row.providerCode],
        ...(status ? { status } : {}),
      });
    }
    return result;
  }

  async recordExchange(orderId: string, exchange: NewExchange): Promise<ServiceOrderExchange> {
    return this.dataSource.transaction(async (manager) => {
      await this.lock(manager, orderId);
      return this.append(manager, orderId, exchange);
    });
  }

  /**
   * Records a provider's asynchronous answer. A repeat of an answer already recorded is a
   * `duplicate`; any other answer to a closed order is refused as `closed` and not recorded.
   */
  async recordCallback(orderId: string, payload: Record<string, unknown>, note?: string): Promise<{ outcome: CallbackOutcome; order: ServiceOrder }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, orderId);
      const same: unknown[] = await manager.query(
        `SELECT 1 FROM service_order_exchanges WHERE order_id = $1 AND direction = 'callback' AND payload = $2::jsonb LIMIT 1`,
        [orderId, JSON.stringify(payload)],
      );
      if (same.length > 0) return { outcome: 'duplicate' as const, order: toOrder(row) };
      if (row.closedAt) return { outcome: 'closed' as const, order: toOrder(row) };
      await this.append(manager, orderId, { direction: 'callback', payload, note });
      return { outcome: 'recorded' as const, order: toOrder(row) };
    });
  }

  async get(id: string): Promise<ServiceOrderWithExchanges | null> {
    if (!UUID.test(id)) return null;
    const row = await this.dataSource.manager.findOneBy(ServiceOrderEntity, { id });
    if (!row) return null;
    const exchanges = await this.dataSource.manager.find(ServiceOrderExchangeEntity, { where: { orderId: id }, order: { seq: 'ASC' } });
    return { ...toOrder(row), exchanges: exchanges.map(toExchange) };
  }

  async list(filter: ServiceOrderFilter = {}, request: PageRequest = {}): Promise<Page<ServiceOrder>> {
    const page = Math.max(1, Math.floor(request.page ?? 1));
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(request.pageSize ?? 50)));
    const where: FindOptionsWhere<ServiceOrderEntity> = {};
    if (filter.serviceKey !== undefined) where.serviceKey = filter.serviceKey;
    if (filter.kind !== undefined) where.kind = filter.kind;
    if (filter.providerCode !== undefined) where.providerCode = filter.providerCode;
    if (filter.state !== undefined) where.state = filter.state;
    if (filter.runWorkflowId !== undefined) where.runWorkflowId = filter.runWorkflowId;
    if (filter.msisdn !== undefined) where.subject = Raw((column) => `${column} ->> 'msisdn' = :msisdn`, { msisdn: filter.msisdn });
    const from = filter.from !== undefined ? MoreThanOrEqual(new Date(filter.from)) : undefined;
    const to = filter.to !== undefined ? LessThanOrEqual(new Date(filter.to)) : undefined;
    if (from && to) where.createdAt = And(from, to);
    else if (from ?? to) where.createdAt = from ?? to;
    const [rows, total] = await this.dataSource.manager.findAndCount(ServiceOrderEntity, {
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(toOrder), total, page, pageSize };
  }

  async upsertProvisioningStatus(status: { providerCode: string; subjectKey: string; state: Record<string, unknown>; orderId?: string }): Promise<ProvisioningStatus> {
    const updatedAt = new Date();
    await this.dataSource.query(
      `INSERT INTO provisioning_status (provider_code, subject_key, state, order_id, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5)
       ON CONFLICT (provider_code, subject_key) DO UPDATE SET state = EXCLUDED.state, order_id = EXCLUDED.order_id, updated_at = EXCLUDED.updated_at`,
      [status.providerCode, status.subjectKey, JSON.stringify(status.state), status.orderId ?? null, updatedAt],
    );
    return { providerCode: status.providerCode, subjectKey: status.subjectKey, state: status.state, orderId: status.orderId ?? null, updatedAt: updatedAt.toISOString() };
  }

  /**
   * The service types active for a subscriber at a provider: those whose last completed order
   * (test orders aside) did not remove them. The subscriber is the subject's account when it has
   * one, else the service key. Read by distributor rules when an order is built.
   */
  async activeServiceTypes(providerCode: string, who: { accountId?: string; serviceKey: string }): Promise<string[]> {
    const match = who.accountId !== undefined ? `subject->>'accountId' = $2` : `service_key = $2`;
    const rows: { service_type: string; action: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (service_type) service_type, action FROM service_orders
        WHERE provider_code = $1 AND ${match} AND state = 'COMPLETED' AND NOT is_test
        ORDER BY service_type, closed_at DESC NULLS LAST`,
      [providerCode, who.accountId ?? who.serviceKey],
    );
    return rows.filter((r) => r.action !== 'D').map((r) => r.service_type);
  }

  async getProvisioningStatus(providerCode: string, subjectKey: string): Promise<ProvisioningStatus | null> {
    const row = await this.dataSource.manager.findOneBy(ProvisioningStatusEntity, { providerCode, subjectKey });
    return row ? { providerCode: row.providerCode, subjectKey: row.subjectKey, state: row.state, orderId: row.orderId, updatedAt: row.updatedAt.toISOString() } : null;
  }

  private async lock(manager: EntityManager, id: string): Promise<ServiceOrderEntity> {
    if (!UUID.test(id)) throw new ServiceOrderNotFoundError(id);
    const [row] = rowsOf<OrderRow>(await manager.query(`SELECT ${ORDER_COLUMNS} FROM service_orders WHERE id = $1 FOR UPDATE`, [id]));
    if (!row) throw new ServiceOrderNotFoundError(id);
    return fromRow(row);
  }

  /** Appends to the log, numbered as every line is (order-writes.ts); the caller holds the order's row lock. */
  private async append(manager: EntityManager, orderId: string, exchange: NewExchange): Promise<ServiceOrderExchange> {
    const at = new Date().toISOString();
    const seq = await writeOrderChange(manager, { orderId, log: [{ ...exchange, at }], eventCode: null, providers: [] });
    return {
      seq,
      direction: exchange.direction,
      at,
      payload: exchange.payload ?? null,
      httpStatus: exchange.httpStatus ?? null,
      latencyMs: exchange.latencyMs === undefined ? null : Math.round(exchange.latencyMs),
      note: exchange.note ?? null,
    };
  }
}

/** The event code a run's workflow id names (`run:<code>:…`), for orders placed by runs. */
function eventCodeOf(runWorkflowId: string | null): string | null {
  return runWorkflowId ? (/^run:([^:]+):/.exec(runWorkflowId)?.[1] ?? null) : null;
}

/**
 * A service order's state change as webhooks announce it. The event id is the change's place in
 * the order's log (`orderEventId`), filled in where the line is numbered (order-writes.ts).
 */
function orderStateBody(order: ServiceOrder, from: OrderState, at: string): Record<string, unknown> {
  const eventCode = eventCodeOf(order.runWorkflowId);
  return {
    eventId: null,
    eventType: 'serviceOrder.stateChanged',
    eventTime: at,
    serviceOrder: {
      id: order.id,
      state: order.state,
      previousState: from,
      providerCode: order.providerCode,
      serviceType: order.serviceType,
      action: order.action,
      kind: order.kind,
      serviceKey: order.serviceKey,
      subject: order.subject,
      eventCode,
      runId: order.runWorkflowId,
      test: order.isTest,
    },
  };
}

function withPayload(payload: unknown): { payload?: unknown } {
  return payload === undefined ? {} : { payload };
}

function toOrder(row: ServiceOrderEntity): ServiceOrder {
  return {
    id: row.id,
    serviceKey: row.serviceKey,
    providerCode: row.providerCode,
    serviceType: row.serviceType,
    action: row.action,
    kind: row.kind,
    priority: row.priority,
    mode: row.mode,
    state: row.state,
    fields: row.fields,
    subject: row.subject,
    runWorkflowId: row.runWorkflowId,
    nodeId: row.nodeId,
    isTest: row.isTest,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
  };
}

function toExchange(row: ServiceOrderExchangeEntity): ServiceOrderExchange {
  return {
    seq: row.seq,
    direction: row.direction,
    at: row.at.toISOString(),
    payload: row.payload,
    httpStatus: row.httpStatus,
    latencyMs: row.latencyMs,
    note: row.note,
  };
}

/** The columns of `service_orders` as `ServiceOrderEntity` names them, for raw queries. */
const ORDER_COLUMNS = `id, service_key, provider_code, service_type, action, kind, priority, mode, state, fields, subject,
  run_workflow_id, node_id, is_test, created_at, updated_at, closed_at`;

interface OrderRow {
  id: string;
  service_key: string;
  provider_code: string;
  service_type: string;
  action: ServiceOrderEntity['action'];
  kind: ServiceOrderEntity['kind'];
  priority: ServiceOrderEntity['priority'];
  mode: ServiceOrderEntity['mode'];
  state: OrderState;
  fields: Record<string, unknown>;
  subject: ServiceOrderEntity['subject'];
  run_workflow_id: string | null;
  node_id: string | null;
  is_test: boolean;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
}

function fromRow(r: OrderRow): ServiceOrderEntity {
  const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return {
    id: r.id,
    serviceKey: r.service_key,
    providerCode: r.provider_code,
    serviceType: r.service_type,
    action: r.action,
    kind: r.kind,
    priority: r.priority,
    mode: r.mode,
    state: r.state,
    fields: r.fields,
    subject: r.subject,
    runWorkflowId: r.run_workflow_id,
    nodeId: r.node_id,
    isTest: r.is_test,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    closedAt: r.closed_at === null ? null : date(r.closed_at),
  };
}

