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

function humanMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return issue.message.startsWith('Invalid input') ? `has an unknown ${String(issue.discriminator)}` : issue.message;
  }
  return issue.message;
}

/** Parses with zod and returns either the data or the problems (input reported, for "is required"). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: (string | number)[] = []): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, problems: zodProblems(result.error, prefix) };
}
