import { z } from 'zod';
import { TMF_ITEM_ACTIONS } from './service-order-mapping.schema';

/*
 * The parts of a TMF641 v4 ServiceOrder_Create that Signalbox reads. Everything else an order
 * carries (notes, related parties, dates…) is kept as sent and returned, so the objects are loose;
 * the request's size is bounded by the body limit and by the item and characteristic counts here.
 */

export const TMF_ORDER_LIMITS = { maxItems: 100, maxCharacteristics: 200, maxRelationships: 100 } as const;

const Text = (max: number) => z.string({ error: 'must be a string' }).max(max, { error: `must be at most ${max} characters` });
const ItemId = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' });

export const TmfCharacteristic = z.looseObject({
  name: Text(128).min(1, { error: 'must not be empty' }),
  valueType: Text(64).optional(),
  value: z.unknown(),
});
export type TmfCharacteristic = z.infer<typeof TmfCharacteristic>;

export const TmfItemRelationship = z.looseObject({
  relationshipType: Text(64),
  orderItem: z.looseObject({ itemId: ItemId, serviceOrderId: Text(64).optional() }),
});

export const TmfOrderItemCreate = z.looseObject({
  id: ItemId,
  action: z.enum(TMF_ITEM_ACTIONS, { error: `must be one of ${TMF_ITEM_ACTIONS.join(', ')}` }),
  service: z.looseObject({
    id: Text(128).optional(),
    serviceSpecification: z.looseObject({ id: Text(128).min(1, { error: 'must not be empty' }), name: Text(200).optional() }, { error: 'is required: the service specification names the mapping' }),
    serviceCharacteristic: z.array(TmfCharacteristic).max(TMF_ORDER_LIMITS.maxCharacteristics, { error: `at most ${TMF_ORDER_LIMITS.maxCharacteristics} characteristics` }).default([]),
  }),
  serviceOrderItemRelationship: z.array(TmfItemRelationship).max(TMF_ORDER_LIMITS.maxRelationships, { error: `at most ${TMF_ORDER_LIMITS.maxRelationships} relationships` }).default([]),
});
export type TmfOrderItemCreate = z.infer<typeof TmfOrderItemCreate>;

/** Fields the server sets: refused on create so a caller never believes it set them. */
const SERVER_FIELDS = ['id', 'href', 'state', 'orderDate', 'completionDate', 'startDate'] as const;

export const TmfServiceOrderCreate = z
  .looseObject({
    externalId: Text(128).optional(),
    description: Text(2000).optional(),
    category: Text(128).optional(),
    priority: Text(16).optional(),
    requestedCompletionDate: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
    requestedStartDate: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
    serviceOrderItem: z
      .array(TmfOrderItemCreate, { error: 'is required: an order needs at least one item' })
      .min(1, { error: 'an order needs at least one item' })
      .max(TMF_ORDER_LIMITS.maxItems, { error: `at most ${TMF_ORDER_LIMITS.maxItems} items` }),
  })
  .superRefine((order, ctx) => {
    for (const field of SERVER_FIELDS) {
      if ((order as Record<string, unknown>)[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is set by the server: leave it out' });
    }
    const seen = new Set<string>();
    order.serviceOrderItem.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['serviceOrderItem', i, 'id'], message: `item id ${item.id} is used twice` });
      seen.add(item.id);
    });
  });
export type TmfServiceOrderCreate = z.infer<typeof TmfServiceOrderCreate>;

/** What PATCH may change (TMF641's ServiceOrder_Update, minus what the engine owns: items and state). */
export const TmfServiceOrderPatch = z.strictObject({
  description: Text(2000).optional(),
  category: Text(128).optional(),
  priority: Text(16).optional(),
  externalId: Text(128).optional(),
  requestedCompletionDate: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  note: z.array(z.looseObject({ text: Text(2000), author: Text(200).optional(), date: Text(64).optional() })).max(50).optional(),
  '@type': Text(64).optional(),
});
export type TmfServiceOrderPatch = z.infer<typeof TmfServiceOrderPatch>;

export const TmfCancelServiceOrderCreate = z.looseObject({
  serviceOrder: z.looseObject({ id: Text(64).min(1), href: Text(500).optional() }, { error: 'is required: name the service order to cancel' }),
  cancellationReason: Text(2000).optional(),
  requestedCancellationDate: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
});
export type TmfCancelServiceOrderCreate = z.infer<typeof TmfCancelServiceOrderCreate>;
