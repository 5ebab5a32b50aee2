import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { orderResponseSignal, type OrderResponse, type WireCallback } from '@signalbox/contracts';
import { ServiceOrderNotFoundError, ServiceOrderStore, type Page, type ServiceOrder, type ServiceOrderFilter, type ServiceOrderWithExchanges } from '@signalbox/persistence';
import { ApiError, conflict, notFound, validationFailed } from '../common/api-error';

export type ResponseOutcome =
  | { status: 202; body: { serviceOrderId: string; recorded: true; runId: string | null } }
  | { status: 200; body: { serviceOrderId: string; duplicate: true } };

@Injectable()
export class ServiceOrdersService {
  private readonly logger = new Logger(ServiceOrdersService.name);
  private readonly store: ServiceOrderStore;

  constructor(
    dataSource: DataSource,
    private readonly client: Client,
  ) {
    this.store = new ServiceOrderStore(dataSource);
  }

  list(filter: ServiceOrderFilter, page: number, pageSize: number): Promise<Page<ServiceOrder>> {
    return this.store.list(filter, { page, pageSize });
  }

  async get(id: string): Promise<ServiceOrderWithExchanges> {
    const order = await this.store.get(id);
    if (!order) throw notFound('service order', id);
    return order;
  }

  /**
   * A provider's asynchronous answer: recorded in the order's log, then signalled to the run
   * waiting for it. A repeat of the recorded answer is a no-op; a new answer to a closed order is refused.
   */
  async respond(id: string, callback: WireCallback): Promise<ResponseOutcome> {
    if (callback.serviceOrderId !== id) {
      throw validationFailed([{ path: 'serviceOrderId', message: `must be the order in the URL (${id})` }]);
    }
    const { outcome, order } = await this.store.recordCallback(id, callback as Record<string, unknown>, 'posted to /api/service-orders/{id}/response').catch((err: unknown) => {
      throw err instanceof ServiceOrderNotFoundError ? notFound('service order', id) : err;
    });
    if (outcome === 'duplicate') return { status: 200, body: { serviceOrderId: id, duplicate: true } };
    if (outcome === 'closed') throw conflict(`service order ${id} is already closed (${order.state}); its answer cannot change`);
    if (!order.runWorkflowId) return { status: 202, body: { serviceOrderId: id, recorded: true, runId: null } };
    const response: OrderResponse = {
      serviceOrderId: id,
      status: callback.status,
      ...(callback.message !== undefined ? { message: callback.message } : {}),
      ...(callback.state !== undefined ? { payload: callback.state } : {}),
    };
    try {
      await this.client.workflow.getHandle(order.runWorkflowId).signal(orderResponseSignal, response);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        await this.store.recordExchange(id, { direction: 'state-change', note: `not delivered: run ${order.runWorkflowId} is no longer running` });
        throw conflict(`the run waiting for service order ${id} (${order.runWorkflowId}) has ended; the answer was recorded but not delivered`);
      }
      this.logger.error(`signalling ${order.runWorkflowId} for order ${id} failed: ${(err as Error).message}`);
      throw new ApiError(503, 'the answer was recorded but Temporal did not accept the signal; post it again to retry');
    }
    return { status: 202, body: { serviceOrderId: id, recorded: true, runId: order.runWorkflowId } };
  }
}
