import type { Problem } from './api-error';

/**
 * Text that cannot be stored or searched for: PostgreSQL's text and jsonb refuse U+0000, and a
 * lone UTF-16 surrogate (e.g. "\ud800" in JSON) is not Unicode at all — jsonb rejects it and
 * Temporal's payloads cannot carry it. One check for every string a caller sends.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function textProblem(text: string): string | undefined {
  if (NUL.test(text)) return 'contains a NUL character (\\u0000 or %00), which cannot be stored or searched for: remove it';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (such as \\ud800), which is not valid Unicode text: send well-formed UTF-8';
  return undefined;
}

/** At most this many problems are listed: a body full of them needs one look, not a thousand lines. */
const MAX_LISTED = 20;

/**
 * Every string (object keys included) in a parsed JSON body or query, checked with textProblem.
 * Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function textProblems(value: unknown, root: string[] = []): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: root }];
  while (stack.length && problems.length < MAX_LISTED) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const message = textProblem(current);
      if (message) problems.push({ path: path.join('.'), message });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    for (const [key, child] of entries) {
      const keyProblem = Array.isArray(current) ? undefined : textProblem(key);
      if (keyProblem) {
        problems.push({ path: [...path, printable(key)].join('.'), message: `the field name ${keyProblem}` });
        continue;
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

/** A field name shown in a problem path, with what cannot be shown escaped. */
function printable(key: string): string {
  // eslint-disable-next-line no-control-regex -- escaping the characters that are the problem
  return key.replace(/[\u0000\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
