import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { eventCodeOfRunId, orderResponseSignal, type WireCallback } from '@signalbox/contracts';
import {
  receiveCallback,
  ServiceOrderNotFoundError,
  ServiceOrderStore,
  type CallbackDelivery,
  type Page,
  type ServiceOrder,
  type ServiceOrderFilter,
  type ServiceOrderWithExchanges,
} from '@signalbox/persistence';
import { ApiError, conflict, notFound, validationFailed } from '../common/api-error';

export type ResponseOutcome =
  | { status: 202; body: { serviceOrderId: string; recorded: true; runId: string | null; /** A repeat delivered again: the run had not applied it. */ redelivered?: true } }
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
   * waiting for it. Recording and delivery are distinct: a repeat of the recorded answer is
   * delivered again while the order is open (the run has not applied it yet, e.g. Temporal refused
   * the first signal; the run ignores a second copy), and is a no-op once the run settled the
   * order. A new answer to a closed order is refused.
   */
  async respond(id: string, callback: WireCallback): Promise<ResponseOutcome> {
    if (callback.serviceOrderId !== id) {
      throw validationFailed([{ path: 'serviceOrderId', message: `must be the order in the URL (${id})` }]);
    }
    const receipt = await receiveCallback(this.store, id, callback, 'posted to /api/service-orders/{id}/response').catch((err: unknown) => {
      throw err instanceof ServiceOrderNotFoundError ? notFound('service order', id) : err;
    });
    if (receipt.kind === 'closed') throw conflict(`service order ${id} is already closed (${receipt.order.state}); its answer cannot change`);
    if (receipt.kind === 'duplicate' || (receipt.kind === 'redelivery' && !receipt.delivery)) return { status: 200, body: { serviceOrderId: id, duplicate: true } };
    if (!receipt.delivery) return { status: 202, body: { serviceOrderId: id, recorded: true, runId: null } };
    await this.deliver(id, receipt.delivery);
    const runId = receipt.delivery.runWorkflowId;
    return { status: 202, body: { serviceOrderId: id, recorded: true, runId, ...(receipt.kind === 'redelivery' ? { redelivered: true as const } : {}) } };
  }

  /** Signals the recorded answer to the order's run (a copy the run already has is ignored there). */
  private async deliver(id: string, { runWorkflowId, response }: CallbackDelivery): Promise<void> {
    try {
      await this.client.workflow.getHandle(runWorkflowId).signal(orderResponseSignal, response);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        await this.store.recordExchange(id, { direction: 'state-change', note: `not delivered: run ${runWorkflowId} is no longer running` });
        throw conflict(`the run waiting for service order ${id} (${runWorkflowId}) has ended; the answer was recorded but not delivered`);
      }
      this.logger.error({ msg: `signalling ${runWorkflowId} for order ${id} failed: ${(err as Error).message}`, runId: runWorkflowId, serviceOrderId: id, eventCode: eventCodeOfRunId(runWorkflowId) });
      // Visible in the order's log; the run applies the recorded answer at its next read of it.
      await this.store.recordExchange(id, { direction: 'state-change', note: `not delivered: Temporal did not accept the signal to ${runWorkflowId}` });
      throw new ApiError(503, 'the answer was recorded but Temporal did not accept the signal; post it again to deliver it (the run also reads recorded answers itself)');
    }
  }
}
