import type { NextFunction, Request, Response } from 'express';
import { errorName } from './api-error';

const isJson = (type: string) => /^application\/([\w.+-]+\+)?json$/i.test(type.split(';')[0].trim());

/**
 * Every request body is JSON. Without this, a body sent as text/plain or form data (curl -d's
 * default) is silently ignored and the caller is told that every field is missing.
 */
export function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'];
  if (!hasBody || (type && isJson(type))) return next();
  const message = type
    ? `the request body is ${type.split(';')[0].trim()}; send JSON with Content-Type: application/json`
    : 'the request body has no Content-Type; send JSON with Content-Type: application/json';
  res.status(415).json({ statusCode: 415, error: errorName(415), message });
}
