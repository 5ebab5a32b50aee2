import type { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a text' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A zod issue in words an analyst reads without knowing zod ("must be one of A, C, D" rather than
 * `Invalid option: expected one of "A"|"C"|"D"`). Messages our schemas set themselves are kept.
 */
export function plainIssueText(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${n} item${n === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return n === 1 ? 'must not be empty' : `must be at least ${n} characters long`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `takes at most ${n} item${n === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return `must be at most ${n} characters long`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${n}`;
    }
    default:
      return issue.message;
  }
}
