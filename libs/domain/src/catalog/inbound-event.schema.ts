import { z } from 'zod';
import { Code, Description } from '../common/ids';

/**
 * An event name as an upstream system emits it (Account/New, Customer/ZeroAvailableFunds) and the
 * event codes it is subscribed to: one row of the subscriptions matrix.
 */
export const InboundEvent = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .regex(/^[A-Z][A-Za-z0-9]*\/[A-Z][A-Za-z0-9]*$/, {
      error: 'use Object/Event in PascalCase (e.g. Account/New)',
    }),
  description: Description,
  /** Level of the entity the upstream event is about. */
  level: z.enum(['customer', 'account', 'subscription', 'service']).default('account'),
  /** For customer-level events: raise each subscribed code once per account of the customer. */
  dispatchToAccounts: z.boolean().default(false),
  subscriptions: z.array(Code).default([]),
});
export type InboundEvent = z.infer<typeof InboundEvent>;
