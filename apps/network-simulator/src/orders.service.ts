import type { WireOrderResult, WireServiceOrder } from '@signalbox/contracts';
import type { CallbackSender } from './callbacks';
import type { RequestRecord } from './journal';
import type { SimulatorState } from './state';
import { subscriberState } from './subscribers';
import { sleep, untilAborted } from './timing';

export type OrderOutcome =
  | { kind: 'processed'; result: WireOrderResult; async: boolean; duplicate: boolean }
  | { kind: 'error'; status: number; error: string; message: string };

interface Processed {
  result: WireOrderResult;
  async: boolean;
}

export interface OrderContext {
  transport: 'http' | 'tcp';
  /** Idempotency-Key header; the service order id when absent. */
  idempotencyKey?: string;
  record: RequestRecord;
}

export const RELEASED: OrderOutcome = {
  kind: 'error',
  status: 503,
  error: 'ServiceUnavailable',
  message: 'the simulator was reset or stopped while this request waited',
};

/** Applies service orders with the provider's behaviour, whatever transport they came by. */
export class OrderService {
  constructor(
    private readonly state: SimulatorState,
    private readonly callbacks: CallbackSender,
  ) {}

  /** A provider that is down answers nothing useful; transports turn this into 503 or an error line. */
  isDown(provider: string): boolean {
    return this.state.behaviour(provider).config.down;
  }

  async handle(provider: string, order: WireServiceOrder, context: OrderContext): Promise<OrderOutcome> {
    const behaviour = this.state.behaviour(provider);
    const stats = this.state.journal.stats(provider);
    const key = `order\n${provider}\n${context.idempotencyKey ?? order.serviceOrderId}`;
    const first = this.state.firstAnswer<Processed>(key);
    if (first) {
      stats.duplicates += 1;
      context.record.duplicate = true;
      try {
        return { kind: 'processed', ...(await first), duplicate: true };
      } catch {
        return RELEASED;
      }
    }
    if (behaviour.takeError()) {
      return { kind: 'error', status: 500, error: 'InternalServerError', message: 'injected error (errorNext)' };
    }
    const epoch = this.state.epoch;
    if (behaviour.takeHang()) {
      await untilAborted(epoch).catch(() => undefined);
      return RELEASED;
    }
    const work = this.process(provider, order, context, epoch);
    this.state.rememberAnswer(key, work);
    try {
      return { kind: 'processed', ...(await work), duplicate: false };
    } catch {
      return RELEASED;
    }
  }

  private async process(provider: string, order: WireServiceOrder, context: OrderContext, epoch: AbortSignal): Promise<Processed> {
    const behaviour = this.state.behaviour(provider);
    if (behaviour.config.latencyMs > 0) await sleep(behaviour.config.latencyMs, epoch);
    const injected = behaviour.takeFailure();
    let result: WireOrderResult;
    if (injected) {
      const subscriber = this.state.subscribers.find(provider, { serviceId: order.subject.serviceId, msisdn: order.subject.msisdn, accountId: order.subject.accountId });
      result = { serviceOrderId: order.serviceOrderId, status: 'FAILED', message: injected, state: subscriberState(subscriber) };
    } else {
      const applied = this.state.subscribers.apply(provider, order);
      result = applied.ok
        ? { serviceOrderId: order.serviceOrderId, status: 'COMPLETED', state: subscriberState(applied.subscriber) }
        : { serviceOrderId: order.serviceOrderId, status: 'FAILED', message: applied.message };
    }
    const stats = this.state.journal.stats(provider);
    if (result.status === 'COMPLETED') stats.completed += 1;
    else stats.failed += 1;
    const async = context.transport === 'http' && behaviour.config.mode === 'async' && order.callbackUrl !== undefined;
    if (async) {
      this.callbacks.schedule(order.callbackUrl!, result, behaviour.config.callbackDelayMs, behaviour.config.callbackHeaders, context.record);
    }
    return { result, async };
  }
}
