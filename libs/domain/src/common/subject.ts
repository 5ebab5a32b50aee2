import { z } from 'zod';

const Key = z.string().trim().min(1).max(128);

/** Business keys of the thing an event is about. At least one key is required. */
export const Subject = z
  .strictObject({
    customerId: Key.optional(),
    accountId: Key.optional(),
    subscriptionId: Key.optional(),
    serviceId: Key.optional(),
    msisdn: z
      .string()
      .regex(/^\+?[0-9]{6,15}$/, { error: 'must be 6–15 digits, optionally starting with +' })
      .optional(),
    imsi: z.string().regex(/^[0-9]{14,15}$/, { error: 'must be 14–15 digits' }).optional(),
    iccid: z.string().regex(/^[0-9]{18,22}F?$/, { error: 'must be 18–22 digits' }).optional(),
    deviceId: Key.optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), {
    error: 'needs at least one business key (customerId, accountId, subscriptionId, serviceId, msisdn, imsi, iccid or deviceId)',
  });
export type Subject = z.infer<typeof Subject>;
export const SUBJECT_KEYS = ['customerId', 'accountId', 'subscriptionId', 'serviceId', 'msisdn', 'imsi', 'iccid', 'deviceId'] as const;
export type SubjectKey = (typeof SUBJECT_KEYS)[number];

/**
 * The subject keys the per-service order queue serialises on, most specific first: orders for the
 * same service wait for each other, whichever step or activity places them.
 */
export const SERVICE_KEY_PRECEDENCE = ['serviceId', 'subscriptionId', 'msisdn', 'imsi', 'accountId', 'customerId', 'deviceId', 'iccid'] as const satisfies readonly SubjectKey[];

/** The per-service queue's key for a subject; `fallback` (the run's workflow id) when it has none of the keys. */
export function serviceKeyOf(subject: Partial<Record<SubjectKey, string>>, fallback: string): string {
  for (const key of SERVICE_KEY_PRECEDENCE) {
    const value = subject[key];
    if (value !== undefined) return value;
  }
  return fallback;
}
