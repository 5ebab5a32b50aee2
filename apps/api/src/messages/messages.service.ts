import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { PublishMessage } from '@signalbox/domain';
import { messageUpdate } from '@signalbox/contracts';
import { MessageStore, type MessageStatus } from '@signalbox/persistence';
import { notFound, validationFailed } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { TemporalService } from '../temporal/temporal.service';
import type { MessageView, PublishedMessage } from './dto';

/** How long one waiting run may take to accept or refuse a message (its worker must run the validator). */
const DELIVERY_DEADLINE_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Business messages correlated by key: stored (the buffer), then delivered by update to the runs
 * whose registered message wait matches. A run refuses a message its open waits do not expect, so
 * the answer lists exactly the runs that took it.
 */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);
  private readonly store: MessageStore;
  private readonly ttl: { defaultSeconds: number; maxSeconds: number };

  constructor(
    dataSource: DataSource,
    private readonly temporal: TemporalService,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new MessageStore(dataSource);
    this.ttl = config.getOrThrow('api', { infer: true }).messageTtl;
  }

  async publish(input: PublishMessage): Promise<PublishedMessage> {
    if (input.ttlSeconds !== undefined && input.ttlSeconds > this.ttl.maxSeconds) {
      throw validationFailed([{ path: 'ttlSeconds', message: `must be at most ${this.ttl.maxSeconds} (SIGNALBOX_MESSAGE_MAX_TTL_SECONDS)` }]);
    }
    const correlationKeys = Object.fromEntries(Object.entries(input.correlationKeys).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const { message, waiting } = await this.store.publish({
      name: input.name,
      correlationKeys,
      payload: input.payload,
      ttlSeconds: input.ttlSeconds ?? this.ttl.defaultSeconds,
    });
    const deliveredTo: string[] = [];
    const gone: string[] = [];
    const unreachable: string[] = [];
    const update = { messageId: message.id, name: message.name, correlationKeys, payload: message.payload };
    const client = this.temporal.client();
    for (const runId of waiting) {
      try {
        await client.connection.withDeadline(Date.now() + DELIVERY_DEADLINE_MS, () => client.workflow.getHandle(runId).executeUpdate(messageUpdate, { args: [update] }));
        deliveredTo.push(runId);
      } catch (err) {
        // Refused by the run's validator: it is no longer waiting for this message (or already has it).
        if (err instanceof WorkflowUpdateFailedError) continue;
        if (err instanceof WorkflowNotFoundError) {
          gone.push(runId);
          continue;
        }
        this.logger.warn({ msg: `message ${message.id} (${message.name}) could not reach run ${runId}: ${(err as Error).message}`, runId, messageId: message.id });
        unreachable.push(runId);
      }
    }
    await this.store.recordDeliveries(message.id, message.name, deliveredTo, gone);
    return { messageId: message.id, name: message.name, deliveredTo, buffered: deliveredTo.length === 0, expiresAt: message.expiresAt, unreachable };
  }

  async get(id: string): Promise<MessageView> {
    const message = UUID.test(id) ? await this.store.get(id) : undefined;
    if (!message) throw notFound('message', id);
    return message as MessageView;
  }

  async list(filter: { status?: MessageStatus; name?: string; page: number; pageSize: number }) {
    const { items, total } = await this.store.list(filter);
    return { items: items as MessageView[], total, page: filter.page, pageSize: filter.pageSize };
  }
}
