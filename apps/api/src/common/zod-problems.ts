import type { z } from 'zod';
import type { Problem } from './api-error';

/** zod issues as field-by-field problems; an unknown key becomes one problem per key. */
export function zodProblems(error: z.ZodError, prefix: (string | number)[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...path, key].join('.'), message: `unknown field "${key}"` });
      continue;
    }
    problems.push({ path: path.join('.'), message: humanMessage(issue) });
  }
  return problems;
}

/**
 * zod's default messages ("Invalid input: expected number, received string") are rewritten for a
 * business analyst; messages a schema set on purpose are kept, except where they would mislead
 * (a schema whose only message is "is required" also answers it for a value of the wrong type).
 * The offending value is never echoed: it may be a secret.
 */
function humanMessage(issue: z.core.$ZodIssue): string {
  const generic = issue.message.startsWith('Invalid ') || issue.message.startsWith('Too ');
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      if (generic || issue.message === 'is required') return `must be ${article(issue.expected)}, not ${kindOf(input)}`;
      return issue.message;
    case 'invalid_value':
      if (!generic) return issue.message;
      if (input === undefined) return `is required: ${oneOf(issue.values)}`;
      return `${oneOf(issue.values)}${caseHint(input, issue.values)}`;
    case 'invalid_union': {
      const discriminator = 'discriminator' in issue ? issue.discriminator : undefined;
      const options = /Expected (.+)$/.exec(issue.message)?.[1]?.split(' | ').map((o) => o.replace(/^['"]|['"]$/g, ''));
      if (discriminator && options) return input === undefined ? `is required: ${oneOf(options)}` : `${oneOf(options)}${caseHint(input, options)}`;
      if (discriminator && issue.message.startsWith('Invalid input')) return `has an unknown ${String(discriminator)}`;
      return issue.message;
    }
    case 'too_small':
    case 'too_big':
      return generic ? sizeMessage(issue) : issue.message;
    default:
      return issue.message;
  }
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const n = Number(bound);
  const exclusive = issue.inclusive === false;
  switch (issue.origin) {
    case 'string':
      return `must be ${small ? 'at least' : 'at most'} ${bound} character${n === 1 ? '' : 's'} long`;
    case 'array':
    case 'set':
      return small ? `needs at least ${bound} item${n === 1 ? '' : 's'}` : `may have at most ${bound} item${n === 1 ? '' : 's'}`;
    default:
      return `must be ${small ? (exclusive ? 'more than' : 'at least') : exclusive ? 'less than' : 'at most'} ${String(bound)}`;
  }
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return shown.length === 1 ? `must be ${shown[0]}` : `must be one of ${shown.join(', ')}`;
}

/** Values are case-sensitive: point at the right spelling when only the case differs. */
function caseHint(input: unknown, values: readonly unknown[]): string {
  if (typeof input !== 'string') return '';
  const match = values.find((v) => typeof v === 'string' && v.toLowerCase() === input.toLowerCase() && v !== input);
  return match === undefined ? '' : ` (values are case-sensitive: did you mean ${String(match)}?)`;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'an object', array: 'a list (JSON array)', record: 'an object', int: 'a whole number', nan: 'a number' };
  return names[expected] ?? `a ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Parses with zod and returns either the data or the problems (input reported, for "is required"). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, problems: zodProblems(result.error, prefix) };
}
