import type { NextFunction, Request, Response } from 'express';
import { validationFailed, type Problem } from './api-error';
import { textProblems } from './text-input';

/**
 * Refuses, with 422 naming each field, text that cannot be stored: NUL and unpaired surrogates in
 * the query, the parsed JSON body or the path. Runs after the body parser and before routing, so
 * no route can forget it and nothing reaches the database or Temporal.
 */
export function refuseUnstorableText(req: Request, res: Response, next: NextFunction): void {
  const problems = unstorableText(req.path, req.query, req.body);
  if (problems.length === 0) return next();
  const error = validationFailed(problems, `${problems.length} problem${problems.length === 1 ? '' : 's'} in the request: text must be valid Unicode without NUL characters`);
  res.status(422).json(error.getResponse());
}

/** What the rule refuses in a request's path (undecoded), query and parsed body. */
export function unstorableText(path: string, query: unknown, body?: unknown): Problem[] {
  const problems: Problem[] = [];
  if (/%00/i.test(path)) problems.push({ path: 'url', message: 'contains a NUL character (%00), which cannot be stored or searched for: remove it' });
  problems.push(...textProblems(query), ...textProblems(body));
  return problems;
}
