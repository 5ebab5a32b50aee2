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
  }),
)
export class ServiceOrderQueryDto {
  page!: number;
  pageSize!: number;
  serviceId?: string;
  provider?: string;
  state?: OrderState;
  kind?: OrderKind;
}

@ZodSchema(WireCallback.strict())
export class OrderResponseDto {
  serviceOrderId!: string;
  status!: 'COMPLETED' | 'FAILED';
  message?: string;
  state?: Record<string, unknown>;
}
