import { z } from 'zod';
import { Code } from '../common/ids';
import { Subject } from '../common/subject';

/** A request to raise a business event, by event code or by inbound (upstream) event name. */
export const RaiseEvent = z
  .strictObject({
    eventCode: Code.optional(),
    inboundName: z.string().min(3).max(128).optional(),
    subject: Subject,
    data: z.record(z.string(), z.unknown()).default({}),
    /** Raising the same key twice starts one run. */
    idempotencyKey: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, { error: 'use printable characters without spaces' }).optional(),
    /** Start the run at this time instead of now. */
    scheduledAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2026-12-01T09:00:00Z' }).optional(),
    /** For a customer-level inbound event: the accounts to dispatch to. */
    accounts: z.array(z.string().min(1)).max(1000).optional(),
  })
  .refine((e) => (e.eventCode ? !e.inboundName : !!e.inboundName), {
    error: 'give exactly one of eventCode or inboundName',
    path: ['eventCode'],
  });
export type RaiseEvent = z.infer<typeof RaiseEvent>;
