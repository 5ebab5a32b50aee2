import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  FINAL_ORDER_STATES,
  planTmfOrder,
  projectFields,
  ServiceSpecMapping,
  tmfServiceOrderView,
  TmfCancelServiceOrderCreate,
  TmfServiceOrderCreate,
  TmfServiceOrderPatch,
  tmfCancelView,
  type EventCode,
  type TmfPlanProblem,
} from '@signalbox/domain';
import { tmfCancelOrderSignal, tmfOrderWorkflowId, WORKFLOW_TYPES, type TmfOrderWorkflow } from '@signalbox/contracts';
import { EventCodeEntity, loadPublishedSnapshot, TmfServiceSpecMappingEntity, TmfStore, type TmfOrderFilter } from '@signalbox/persistence';
import { ApiError, notFound, validationFailed } from '../common/api-error';
import { parseWith } from '../common/zod-problems';
import type { ApiConfigShape } from '../config/api.config';
import { fieldList, type TmfCancelListQuery, type TmfOrderListQuery } from './tmf-list-query';

/**
 * TMF641 serviceOrder and cancelServiceOrder. An order is checked whole first — its shape, every
 * item's mapping, characteristics and relationships, and that each event code is published — and
 * only then stored and handed to its orchestration workflow, so a bad order starts nothing.
 */
@Injectable()
export class ServiceOrderService {
  private readonly logger = new Logger(ServiceOrderService.name);
  private readonly store: TmfStore;
  private readonly taskQueue: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new TmfStore(dataSource);
    this.taskQueue = config.getOrThrow('api', { infer: true }).temporal.taskQueue;
  }

  async create(body: unknown, actor: string, baseUrl: string): Promise<Record<string, unknown>> {
    if (body === undefined) throw new ApiError(400, 'the request body is missing: send a ServiceOrder_Create as JSON');
    const parsed = parseWith(TmfServiceOrderCreate, body);
    if (!parsed.ok) throw validationFailed(parsed.problems.map((p) => ({ path: tmfPath(p.path), message: p.message })), 'the service order is not valid; nothing was started');
    const order = parsed.data;
    const mappings = await this.mappings();
    const { items, problems } = planTmfOrder(order, mappings);
    problems.push(...(await this.runProblems(order, items)));
    if (problems.length) throw validationFailed(problems, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the service order; nothing was started`);

    const id = randomUUID();
    const row = await this.store.createOrder({ id, request: order, items: Object.fromEntries(items.map((i) => [i.itemId, { state: 'acknowledged' as const }])), createdBy: actor });
    try {
      await this.client.workflow.start<TmfOrderWorkflow>(WORKFLOW_TYPES.tmfOrder, {
        taskQueue: this.taskQueue,
        workflowId: tmfOrderWorkflowId(id),
        args: [{ orderId: id, items }],
        staticSummary: `TMF641 order ${id} (${items.length} item${items.length === 1 ? '' : 's'})`,
      });
    } catch (err) {
      // Nothing runs without the workflow: forget the order so the caller can send it again.
      await this.store.deleteOrder(id);
      this.logger.error(`starting the workflow of TMF order ${id} failed: ${(err as Error).message}`);
      throw new ApiError(503, 'the order could not be started (Temporal did not accept it); nothing was kept: send it again');
    }
    return tmfServiceOrderView(row, baseUrl);
  }

  async list(query: TmfOrderListQuery, baseUrl: string): Promise<{ items: Record<string, unknown>[]; total: number }> {
    const filters: Partial<Record<TmfOrderFilter, string>> = {};
    for (const name of ['state', 'externalId', 'category', 'priority', 'description'] as const) if (query[name] !== undefined) filters[name] = query[name];
    const { rows, total } = await this.store.listOrders({ offset: query.offset, limit: query.limit, filters });
    const fields = fieldList(query.fields);
    return { items: rows.map((r) => projectFields(tmfServiceOrderView(r, baseUrl), fields)), total };
  }

  async get(id: string, fields: string | undefined, baseUrl: string): Promise<Record<string, unknown>> {
    const row = isOrderId(id) ? await this.store.getOrder(id) : undefined;
    if (!row) throw notFound('service order', id);
    return projectFields(tmfServiceOrderView(row, baseUrl), fieldList(fields));
  }

  async patch(id: string, body: unknown, baseUrl: string): Promise<Record<string, unknown>> {
    const parsed = parseWith(TmfServiceOrderPatch, body ?? {});
    if (!parsed.ok) throw validationFailed(parsed.problems.map((p) => ({ path: tmfPath(p.path), message: p.message })), 'the patch is not valid: only description, category, priority, externalId, requestedCompletionDate, note and @type may change (items and state follow the runs)');
    const row = isOrderId(id) ? await this.store.patchOrder(id, parsed.data) : undefined;
    if (!row) throw notFound('service order', id);
    return tmfServiceOrderView(row, baseUrl);
  }

  /** Administrative delete (TMF641): only a final order, so no run is left without its order. */
  async remove(id: string): Promise<void> {
    const row = isOrderId(id) ? await this.store.getOrder(id) : undefined;
    if (!row) throw notFound('service order', id);
    if (!FINAL_ORDER_STATES.includes(row.state)) throw new ApiError(409, `service order ${id} is ${row.state}: cancel it (cancelServiceOrder) and delete it once it is final`);
    await this.store.deleteOrder(id);
  }

  /** Records the cancel on its order and signals the order's workflow, which cancels the open runs. */
  async cancel(body: unknown, baseUrl: string): Promise<Record<string, unknown>> {
    const parsed = parseWith(TmfCancelServiceOrderCreate, body);
    if (!parsed.ok) throw validationFailed(parsed.problems, 'the cancel request is not valid');
    const { serviceOrder, cancellationReason, requestedCancellationDate } = parsed.data;
    const cancelId = randomUUID();
    const request = { id: cancelId, date: new Date().toISOString(), ...(cancellationReason ? { cancellationReason } : {}), ...(requestedCancellationDate ? { requestedCancellationDate } : {}) };
    const outcome = isOrderId(serviceOrder.id) ? await this.store.requestCancellation(serviceOrder.id, request) : 'missing';
    if (outcome === 'missing') throw validationFailed([{ path: 'serviceOrder.id', message: `service order ${serviceOrder.id} does not exist` }]);
    if (outcome === 'final') throw new ApiError(409, `service order ${serviceOrder.id} is already final: there is nothing to cancel`);
    if (outcome === 'cancelling') throw new ApiError(409, `service order ${serviceOrder.id} is already being cancelled: follow GET /cancelServiceOrder?serviceOrder.id=${serviceOrder.id}`);
    try {
      await this.client.workflow.getHandle(tmfOrderWorkflowId(serviceOrder.id)).signal(tmfCancelOrderSignal, { cancelId, ...(cancellationReason ? { reason: cancellationReason } : {}) });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    return tmfCancelView(outcome.order, baseUrl);
  }

  async getCancel(id: string, fields: string | undefined, baseUrl: string): Promise<Record<string, unknown>> {
    const row = isOrderId(id) ? await this.store.getCancellation(id) : undefined;
    if (!row) throw notFound('cancelServiceOrder', id);
    return projectFields(tmfCancelView(row, baseUrl), fieldList(fields));
  }

  async listCancels(query: TmfCancelListQuery, baseUrl: string): Promise<{ items: Record<string, unknown>[]; total: number }> {
    const { rows, total } = await this.store.listCancellations({ offset: query.offset, limit: query.limit, ...(query['serviceOrder.id'] ? { orderId: query['serviceOrder.id'] } : {}) });
    const fields = fieldList(query.fields);
    return { items: rows.map((r) => projectFields(tmfCancelView(r, baseUrl), fields)), total };
  }

  private async mappings(): Promise<Map<string, ServiceSpecMapping>> {
    const rows = await this.dataSource.getRepository(TmfServiceSpecMappingEntity).find();
    return new Map(rows.map((r) => [r.code, r.definition]));
  }

  /** Each item's event code must be enabled and published, and the mapped subject must carry what it requires. */
  private async runProblems(order: TmfServiceOrderCreate, items: ReturnType<typeof planTmfOrder>['items']): Promise<TmfPlanProblem[]> {
    const problems: TmfPlanProblem[] = [];
    const codes = new Map<string, EventCode | undefined>();
    for (const item of items) {
      const index = order.serviceOrderItem.findIndex((i) => i.id === item.itemId);
      const at = `serviceOrderItem[${index}]`;
      if (!codes.has(item.eventCode)) codes.set(item.eventCode, (await this.dataSource.getRepository(EventCodeEntity).findOneBy({ code: item.eventCode }))?.definition);
      const code = codes.get(item.eventCode);
      const published = code ? await loadPublishedSnapshot(this.dataSource.manager, item.eventCode).catch(() => undefined) : undefined;
      if (!code || code.enabled === false || !published) {
        problems.push({ path: `${at}.action`, itemId: item.itemId, message: `the mapping sends item ${item.itemId} to event code ${item.eventCode}, which ${!code ? 'does not exist' : code.enabled === false ? 'is disabled' : 'has no published workflow'}` });
        continue;
      }
      for (const key of code.requiredSubjectKeys) {
        if (!item.subject[key]) problems.push({ path: `${at}.service.serviceCharacteristic`, itemId: item.itemId, message: `event code ${item.eventCode} requires the subject's ${key}, which the mapping does not fill from item ${item.itemId}'s characteristics` });
      }
    }
    return problems;
  }
}

/** Order ids are UUIDs (the column's type): anything else names no order. */
const isOrderId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** zod's dotted path (serviceOrderItem.1.action) in TMF's notation (serviceOrderItem[1].action). */
function tmfPath(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}
