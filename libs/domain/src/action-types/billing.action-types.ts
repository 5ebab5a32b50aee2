import { ACTION_TYPE_TRAITS } from './action-type-traits';
import { z } from 'zod';
import { Slug } from '../common/ids';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';

export const CreditControlParameters = z.strictObject({
  provider: catalogRef('providers', Slug, 'Charging system (OCS) provider'),
  operation: z.enum(['bar', 'unbar']).describe('Apply or lift a bar'),
  barType: z.enum(['outgoing', 'incoming', 'full', 'data']).default('full').describe('What the bar blocks'),
  reason: z.string().max(200).optional().describe('Reason code recorded with the bar'),
});

export const creditControlActionType = defineActionType({
  key: 'credit-control',
  category: 'billing',
  title: 'Credit control',
  description: 'Applies or lifts a bar on the subscriber at the charging system.',
  parameters: CreditControlParameters,
  outcomes: ['success', 'failure', 'timeout'],
  compensable: ACTION_TYPE_TRAITS['credit-control'].compensable,
});

export const SubscriptionServiceParameters = z.strictObject({
  provider: catalogRef('providers', Slug, 'Charging system (OCS) provider'),
  operation: z.enum(['add', 'remove']).describe('Add or remove the service'),
  service: z.string().min(1).describe('Service or bundle code, e.g. AIRTIME or DATA_1GB'),
  amount: z.string().optional().describe('Amount expression, e.g. data.amount'),
});

export const subscriptionServiceActionType = defineActionType({
  key: 'subscription-service',
  category: 'billing',
  title: 'Subscription service',
  description: 'Adds or removes a service such as an airtime top-up or a data bundle.',
  parameters: SubscriptionServiceParameters,
  outcomes: ['success', 'failure', 'timeout'],
  compensable: ACTION_TYPE_TRAITS['subscription-service'].compensable,
});
