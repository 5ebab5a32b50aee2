import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { MessageName, PublishMessage, type CorrelationKeys } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';

@ZodSchema(PublishMessage)
export class PublishMessageDto {
  name!: string;
  correlationKeys!: CorrelationKeys;
  payload!: Record<string, unknown>;
  ttlSeconds?: number;
}

export const MESSAGE_STATUSES = ['delivered', 'buffered', 'expired'] as const;

@ZodSchema(
  z.strictObject({
    status: z.enum(MESSAGE_STATUSES, { error: `must be one of ${MESSAGE_STATUSES.join(', ')}` }).optional(),
    name: MessageName.optional(),
    page: z.coerce.number({ error: 'must be a page number (1, 2, …)' }).int().min(1, { error: 'must be 1 or more' }).default(1),
    pageSize: z.coerce.number({ error: 'must be a number from 1 to 200' }).int().min(1).max(200, { error: 'must be at most 200' }).default(50),
  }),
)
export class MessageQueryDto {
  status?: (typeof MESSAGE_STATUSES)[number];
  name?: string;
  page!: number;
  pageSize!: number;
}

const Delivery = z.object({ runId: z.string(), via: z.enum(['waiting', 'buffer']), deliveredAt: z.string() });

export const MessageView = z.object({
  id: z.string(),
  name: z.string(),
  correlationKeys: z.record(z.string(), z.string()),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  expiresAt: z.string(),
  consumedAt: z.string().nullable(),
  /** delivered: a run took it; buffered: kept for a run not waiting yet; expired: kept its whole time-to-live and no run took it. */
  status: z.enum(MESSAGE_STATUSES),
  deliveries: z.array(Delivery),
});
export type MessageView = z.infer<typeof MessageView>;

export const PublishedMessage = z.object({
  messageId: z.string(),
  name: z.string(),
  /** The runs that took the message now (waiting for it with these keys). */
  deliveredTo: z.array(z.string()),
  /** No run took it: kept until expiresAt for a run that reaches a matching wait. */
  buffered: z.boolean(),
  expiresAt: z.string(),
  /** Runs registered as waiting that Temporal could not reach (the message stays buffered for other runs). */
  unreachable: z.array(z.string()),
});
export type PublishedMessage = z.infer<typeof PublishedMessage>;

@ZodSchema(MessageView)
class MessageViewDto {}
@ZodSchema(z.object({ items: z.array(MessageView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }))
class MessagePageDto {}
@ZodSchema(PublishedMessage)
class PublishedMessageDto {}

export const MessageViewResponse = () => ApiOkResponse({ type: MessageViewDto, description: 'The message, its status and the runs that received it' });
export const MessagePageResponse = () => ApiOkResponse({ type: MessagePageDto, description: 'One page of messages, newest first' });
export const PublishedMessageResponse = () => ApiAcceptedResponse({ type: PublishedMessageDto, description: 'Which runs received the message, or until when it is buffered' });
