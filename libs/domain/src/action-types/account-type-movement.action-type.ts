import { ACTION_TYPE_TRAITS } from './action-type-traits';
import { z } from 'zod';
import { Slug } from '../common/ids';
import { defineActionType } from './action-type';
import { catalogRef } from './catalog-ref';

/** An operator's account type, e.g. prepaid, postpaid, hybrid, corporate. */
export const AccountType = z
  .string({ error: 'must be an account type such as postpaid' })
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, { error: 'use 2–40 lower-case letters, digits, dashes or underscores (e.g. postpaid)' });

export const AccountTypeMovementParameters = z
  .strictObject({
    provider: catalogRef('providers', Slug, 'Billing or charging system that holds the account type'),
    toType: AccountType.describe('Account type the account moves to, e.g. postpaid'),
    fromType: AccountType.optional().describe('Account type the account must have now; the system refuses the move otherwise'),
    reason: z.string().trim().max(200).optional().describe('Reason recorded with the movement'),
  })
  .refine((p) => p.fromType === undefined || p.fromType !== p.toType, { path: ['toType'], error: 'must differ from fromType' });
export type AccountTypeMovementParameters = z.infer<typeof AccountTypeMovementParameters>;

/** The seeds' "account type movement": e.g. prepaid → postpaid, sent as a service order. */
export const accountTypeMovementActionType = defineActionType({
  key: 'account-type-movement',
  category: 'billing',
  title: 'Account type movement',
  description: 'Moves the account to another account type (e.g. prepaid to postpaid) at the billing system.',
  parameters: AccountTypeMovementParameters,
  outcomes: ['success', 'failure', 'timeout'],
  compensable: ACTION_TYPE_TRAITS['account-type-movement'].compensable,
});
