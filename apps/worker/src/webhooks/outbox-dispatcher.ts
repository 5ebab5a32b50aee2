import type { Client } from '@temporalio/client';
import { webhookEventSignal, webhookWorkflowId, WORKFLOW_TYPES, type WebhookDeliveryInput, type WebhookDeliveryWorkflow, type WebhookEvent } from '@signalbox/contracts';
import { webhookSelects } from '@signalbox/domain';
import type { WebhookOutboxEntry, WebhookStore } from '@signalbox/persistence';
import type { StructuredLogger } from '../observability/json-logger';

export interface OutboxDispatcherOptions {
  store: Pick<WebhookStore, 'dispatch' | 'subscriptions'>;
  temporal: Client;
  taskQueue: string;
  intervalMs: number;
  log: StructuredLogger;
}

/** Outbox rows handed on per pass; a full pass is followed at once by the next. */
const BATCH = 100;

/**
 * Reads the webhook outbox (state changes written by runs and by the service-order store) and
 * hands each change to the delivery workflow of every subscription whose filter selects it
 * (signal-with-start of `webhook:<subscription id>`), in outbox order. Rows are marked dispatched
 * in the same transaction, so a failed hand-over is retried on the next pass; the delivery
 * workflows drop event ids they have already seen. Several workers may run one each: the store's
 * advisory lock lets one pass at a time through.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: OutboxDispatcherOptions) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Passes until the outbox has nothing undispatched (exposed for tests). */
  async drain(): Promise<void> {
    while (!this.stopped) {
      const sent = await this.options.store.dispatch(BATCH, (entries) => this.handOn(entries));
      if (sent < BATCH) return;
    }
  }

  private async handOn(entries: WebhookOutboxEntry[]): Promise<void> {
    const subscriptions = await this.options.store.subscriptions();
    for (const entry of entries) {
      const event: WebhookEvent = { eventId: entry.eventId, eventType: entry.eventType, subjectId: entry.subjectId, body: entry.body };
      for (const sub of subscriptions) {
        if (!webhookSelects(sub.filter, entry)) continue;
        await this.options.temporal.workflow.signalWithStart<WebhookDeliveryWorkflow, [WebhookEvent]>(WORKFLOW_TYPES.webhookDelivery, {
          workflowId: webhookWorkflowId(sub.id),
          taskQueue: this.options.taskQueue,
          args: [{ subscriptionId: sub.id } satisfies WebhookDeliveryInput],
          signal: webhookEventSignal,
          signalArgs: [event],
        });
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((err: unknown) => this.options.log.warn('the webhook outbox could not be dispatched; trying again', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
