import { ApiOkResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { ORDER_ACTIONS, ORDER_KINDS, ORDER_STATES, PROVISIONING_MODES, type OrderAction } from '@signalbox/domain';
import { EXCHANGE_DIRECTIONS } from '@signalbox/persistence';
import { ZodSchema } from '../common/zod-schema.decorator';

/*
 * What GET /api/service-orders/{id} answers, as a zod schema: the OpenAPI document carries it, the
 * designer's API types are generated from that document, and the controller's return type is
 * inferred from it — so the server, the document and the designer cannot drift apart silently.
 */

const ACTIONS = Object.keys(ORDER_ACTIONS) as [OrderAction, ...OrderAction[]];

export const ServiceOrderExchangeView = z.object({
  seq: z.number().int(),
  direction: z.enum(EXCHANGE_DIRECTIONS),
  at: z.string(),
  payload: z.unknown(),
  /** The provider's HTTP status on a request/response line; null on state changes. */
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  note: z.string().nullable(),
});

export const ServiceOrderView = z.object({
  id: z.string(),
  serviceKey: z.string(),
  providerCode: z.string(),
  serviceType: z.string(),
  action: z.enum(ACTIONS),
  kind: z.enum(ORDER_KINDS),
  priority: z.enum(['normal', 'express']),
  mode: z.enum(PROVISIONING_MODES),
  state: z.enum(ORDER_STATES),
  fields: z.record(z.string(), z.unknown()),
  subject: z.record(z.string(), z.string()),
  runWorkflowId: z.string().nullable(),
  nodeId: z.string().nullable(),
  isTest: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  exchanges: z.array(ServiceOrderExchangeView),
});
export type ServiceOrderView = z.infer<typeof ServiceOrderView>;

@ZodSchema(ServiceOrderView, 'ServiceOrderView')
class ServiceOrderViewDto {}

/** Documents the 200 answer as ServiceOrderView. */
export const ServiceOrderViewResponse = () => ApiOkResponse({ type: ServiceOrderViewDto, description: 'The order and its network request log' });
