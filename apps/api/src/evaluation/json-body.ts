import type { z } from 'zod';
import type { Problem } from '../common/api-error';
import { textProblems } from '../common/text-input';
import { parseWith } from '../common/zod-problems';

/** A request body that could not be taken: what the API answers (the same words as for bodies the HTTP parser reads). */
export interface BodyRefusal {
  ok: false;
  /** Not JSON, text that cannot be stored, or not the route's shape. */
  reason: 'syntax' | 'text' | 'shape';
  status: 400 | 422;
  message: string;
  problems?: Problem[];
}

export type BodyOutcome<T> = { ok: true; value: T } | BodyRefusal;

const decoder = new TextDecoder();

/**
 * Decodes, parses and checks a JSON request body from its bytes: JSON syntax, unstorable text
 * (NUL, unpaired surrogates) and the route's schema, with the answers the API gives for bodies
 * its HTTP parser reads. Runs on an evaluation thread for the routes that take bodies of
 * megabytes, so that their parsing never holds up the event loop. An empty body reads as {}.
 */
export function readJsonBody<S extends z.ZodType>(bytes: Uint8Array | undefined, schema: S): BodyOutcome<z.output<S>> {
  const text = bytes?.length ? decoder.decode(bytes) : '';
  let value: unknown = {};
  if (text.trim()) {
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return { ok: false, reason: 'syntax', status: 400, message: 'the request body must be a JSON object' };
    try {
      value = JSON.parse(text);
    } catch (err) {
      // Never the parser's own message: it quotes the body around the error, and a body may hold a password.
      const position = /at position (\d+)/.exec((err as Error).message)?.[1];
      return { ok: false, reason: 'syntax', status: 400, message: `malformed JSON in the request body${position ? ` at character ${position}` : ''}: check its quotes, commas and brackets` };
    }
  }
  const unstorable = textProblems(value);
  if (unstorable.length) {
    const n = unstorable.length;
    return { ok: false, reason: 'text', status: 422, message: `${n} problem${n === 1 ? '' : 's'} in the request: text must be valid Unicode without NUL characters`, problems: unstorable };
  }
  const parsed = parseWith(schema, value);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    return { ok: false, reason: 'shape', status: 422, message: `${n} problem${n === 1 ? '' : 's'} in the request`, problems: parsed.problems };
  }
  return { ok: true, value: parsed.data };
}
