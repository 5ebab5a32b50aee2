/*
 * The subject's key names and the per-service key, apart from the Subject schema: workflows import
 * these, and a module without schemas costs a run nothing to load (libs/contracts/src/workflow-bundle.ts).
 */

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
