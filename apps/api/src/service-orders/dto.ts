import { z } from 'zod';
import { ORDER_KINDS, ORDER_STATES, type OrderKind, type OrderState } from '@signalbox/domain';
import { WireCallback } from '@signalbox/contracts';
import { listQueryShape } from '../common/list-query';
import { ZodSchema } from '../common/zod-schema.decorator';

@ZodSchema(
  z.strictObject({
    page: listQueryShape.page,
    pageSize: listQueryShape.pageSize,
    serviceId: z.string().trim().min(1).max(128).optional(),
    provider: z.string().trim().min(1).max(64).optional(),
    state: z.enum(ORDER_STATES, { error: `must be one of ${ORDER_STATES.join(', ')}` }).optional(),
    kind: z.enum(ORDER_KINDS, { error: `must be one of ${ORDER_KINDS.join(', ')}` }).optional(),
    /** The run that sent the orders (its workflow id, run:<EVENT>:<key>). */
    runWorkflowId: z.string().trim().min(1).max(300).optional(),
    msisdn: z.string().regex(/^\+?[0-9]{6,15}$/, { error: 'must be 6–15 digits, optionally starting with +' }).optional(),
    /** Orders created at or after / at or before. */
    from: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
  }),
)
export class ServiceOrderQueryDto {
  page!: number;
  pageSize!: number;
  serviceId?: string;
  provider?: string;
  state?: OrderState;
  kind?: OrderKind;
  runWorkflowId?: string;
  msisdn?: string;
  from?: string;
  to?: string;
}

@ZodSchema(WireCallback.strict())
export class OrderResponseDto {
  serviceOrderId!: string;
  status!: 'COMPLETED' | 'FAILED';
  message?: string;
  state?: Record<string, unknown>;
}
