import type { Subject } from '@signalbox/domain';

/**
 * The service order's fields: the service type's list, then the action code's, each read from the
 * subject first and then from the event data (`data.apn` or plain `apn`); the node's evaluated
 * inputs override. Missing values are left out.
 */
export function buildOrderFields(
  names: readonly string[],
  subject: Subject,
  data: Record<string, unknown>,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    const key = name.replace(/^(data|subject)\./, '').split('.').pop() as string;
    const value = readField(name, subject, data);
    if (value !== undefined) fields[key] = value;
  }
  for (const [key, value] of Object.entries(inputs)) if (value !== undefined) fields[key] = value;
  return fields;
}

/** A field by path (`data.apn`, `subject.msisdn` or plain `apn`): the subject first, then the event data. */
export function readField(name: string, subject: Subject, data: Record<string, unknown>): unknown {
  return lookup(subject as Record<string, unknown>, name.replace(/^subject\./, '')) ?? lookup(data, name.replace(/^data\./, ''));
}

function lookup(source: Record<string, unknown>, path: string): unknown {
  let current: unknown = source;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function wireSubject(subject: Subject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(subject)) if (typeof v === 'string') out[k] = v;
  return out;
}
