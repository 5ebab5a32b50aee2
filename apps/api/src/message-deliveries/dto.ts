import { ApiOkResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { MESSAGE_DELIVERY_STATUSES, MessageDeliveryStatus } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';

@ZodSchema(
  z.strictObject({
    runId: z.string().trim().min(1).max(400).optional(),
    status: z.enum(MESSAGE_DELIVERY_STATUSES, { error: `must be one of ${MESSAGE_DELIVERY_STATUSES.join(', ')}` }).optional(),
    page: z.coerce.number({ error: 'must be a page number (1, 2, …)' }).int().min(1, { error: 'must be 1 or more' }).default(1),
    pageSize: z.coerce.number({ error: 'must be a number from 1 to 200' }).int().min(1).max(200, { error: 'must be at most 200' }).default(50),
  }),
)
export class MessageDeliveryQueryDto {
  runId?: string;
  status?: MessageDeliveryStatus;
  page!: number;
  pageSize!: number;
}

export const MessageDeliveryView = z.object({
  messageId: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  channel: z.enum(['sms', 'email', 'push', 'letter']),
  providerCode: z.string().nullable(),
  /** Masked: the last digits of a number, the domain of an address, the start of a device token. */
  recipient: z.string(),
  templateCode: z.string(),
  locale: z.string(),
  status: MessageDeliveryStatus,
  /** What the provider answered when it took (or refused) the message, and its delivery report. */
  providerAnswer: z.unknown(),
  attempts: z.number().int(),
  test: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
});

@ZodSchema(z.object({ items: z.array(MessageDeliveryView), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }))
class MessageDeliveryPageDto {}
@ZodSchema(z.object({ messageId: z.string(), status: MessageDeliveryStatus, duplicate: z.boolean() }))
class DeliveryReportAnswerDto {}

export const MessageDeliveryPageResponse = () => ApiOkResponse({ type: MessageDeliveryPageDto, description: 'One page of sent messages and their delivery status, newest first' });
export const DeliveryReportResponse = () => ApiOkResponse({ type: DeliveryReportAnswerDto, description: 'The message status after the report (a repeated report changes nothing)' });
