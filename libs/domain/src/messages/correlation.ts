import { SUBJECT_KEYS } from '../common/subject-keys';

/*
 * How a message finds its run, apart from the message schemas: the interpreter imports these, and a
 * module without schemas costs a run nothing to load (libs/contracts/src/workflow-bundle.ts).
 */

/**
 * The business keys a message can be correlated by: the subject's keys (a run's values come from
 * its subject) and the upstream system's own order number (a run's value comes from its event
 * data, `data.externalOrderNumber`).
 */
export const CORRELATION_KEYS = [...SUBJECT_KEYS, 'externalOrderNumber'] as const;
export type CorrelationKey = (typeof CORRELATION_KEYS)[number];

/** A message wait's expected keys with this run's values; undefined names a key the run has no value for. */
export function runCorrelation(
  keys: readonly CorrelationKey[],
  subject: Partial<Record<string, string>>,
  data: Record<string, unknown>,
): { keys: Partial<Record<CorrelationKey, string>> } | { missing: CorrelationKey } {
  const out: Partial<Record<CorrelationKey, string>> = {};
  for (const key of [...keys].sort()) {
    const value = key === 'externalOrderNumber' ? data.externalOrderNumber : subject[key];
    if (typeof value !== 'string' || value === '') return { missing: key };
    out[key] = value;
  }
  return { keys: out };
}

/** Whether a message addressed by `sent` matches a wait expecting `wanted` (every wanted key equal). */
export function correlates(wanted: Partial<Record<CorrelationKey, string>>, sent: Partial<Record<CorrelationKey, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => sent[key as CorrelationKey] === value);
}
