import { z } from 'zod';
import { TMF_ORDER_STATES } from '@signalbox/domain';

const count = (max: number) => z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).max(max, { error: `must be at most ${max}` });
const attr = z.string().max(200, { error: 'must be at most 200 characters' }).optional();

/** TMF630 list parameters: fields projection, offset/limit paging, and attribute filters (equality). */
export const TmfOrderListQuery = z.strictObject({
  fields: z.string().max(500).optional().describe('Comma-separated first-level attributes to return (id, href and @type always are).'),
  offset: count(1_000_000).default(0).describe('Index of the first order returned.'),
  limit: count(100).min(1, { error: 'must be at least 1' }).default(20).describe('Orders per page (at most 100).'),
  state: z.enum(TMF_ORDER_STATES, { error: `must be one of ${TMF_ORDER_STATES.join(', ')}` }).optional(),
  externalId: attr,
  category: attr,
  priority: attr,
  description: attr,
});
export type TmfOrderListQuery = z.infer<typeof TmfOrderListQuery>;

/** TMF630 list parameters of cancelServiceOrder: projection, paging, and the order cancelled. */
export const TmfCancelListQuery = TmfOrderListQuery.pick({ fields: true, offset: true, limit: true }).extend({
  'serviceOrder.id': z.uuid({ error: 'must be a service order id' }).optional().describe('Only the cancel request of this order.'),
});
export type TmfCancelListQuery = z.infer<typeof TmfCancelListQuery>;

export const TmfFieldsQuery = z.strictObject({ fields: z.string().max(500).optional().describe('Comma-separated first-level attributes to return.') });

export const fieldList = (fields: string | undefined) =>
  fields
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
