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

export { SERVICE_KEY_PRECEDENCE, SUBJECT_KEYS, serviceKeyOf, type SubjectKey } from './subject-keys';
