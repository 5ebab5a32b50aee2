import { z } from 'zod';
import { Code } from '../common/ids';
import { Subject } from '../common/subject';
import { EventData } from './event-data.schema';

/** How many accounts one customer-level raise may fan out to (each starts a run). */
export const MAX_ACCOUNTS_PER_EVENT = 1000;

/** A request to raise a business event, by event code or by inbound (upstream) event name. */
export const RaiseEvent = z
  .strictObject({
    eventCode: Code.optional(),
    inboundName: z.string().min(3).max(128).optional(),
    subject: Subject,
    data: EventData.default({}),
    /** Raising the same key twice starts one run. */
    idempotencyKey: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, { error: 'use printable characters without spaces' }).optional(),
    /** Start the run at this time instead of now. */
    scheduledAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
    /** For a customer-level inbound event: the accounts to dispatch to. */
    accounts: z
      .array(z.string().trim().min(1, { error: 'must not be empty' }).max(128, { error: 'must be at most 128 characters long' }))
      .max(MAX_ACCOUNTS_PER_EVENT, { error: `may list at most ${MAX_ACCOUNTS_PER_EVENT} accounts` })
      .optional(),
  })
  .refine((e) => (e.eventCode ? !e.inboundName : !!e.inboundName), {
    error: 'give exactly one of eventCode or inboundName',
    path: ['eventCode'],
  });
export type RaiseEvent = z.infer<typeof RaiseEvent>;
