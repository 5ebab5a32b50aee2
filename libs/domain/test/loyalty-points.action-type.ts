import { z } from 'zod';
import { defineActionType } from '../src/action-types/action-type';
import { catalogRef } from '../src/action-types/catalog-ref';
import { Code, Slug } from '../src/common/ids';

/**
 * An action type a developer might add, whose reference parameters are named unlike any built-in
 * one: nothing outside its schema says that `chargingSystem` is a provider.
 */
export const loyaltyPointsActionType = defineActionType({
  key: 'loyalty-points',
  category: 'billing',
  title: 'Loyalty points',
  description: 'Credits loyalty points at the charging system and sends a receipt.',
  parameters: z.strictObject({
    chargingSystem: catalogRef('providers', Slug, 'Charging system the points are credited at'),
    receipt: catalogRef('templates', Code, 'Receipt sent to the customer').optional(),
    followUps: z.array(catalogRef('actionCodes', Code, 'Action run after the credit')).default([]),
    points: z.number().int().positive(),
  }),
  outcomes: ['success', 'failure'],
  compensable: false,
});
