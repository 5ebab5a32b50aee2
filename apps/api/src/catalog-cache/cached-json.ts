import type { Request, Response } from 'express';
import { writeJsonParts } from '../common/json-parts';

/**
 * Writes an answer cached at a catalog revision, with an ETag naming the revision: a client that
 * sends it back in If-None-Match gets 304 while the catalog is unchanged. `no-cache` makes
 * browsers ask every time, so a catalog write is seen at once.
 */
export function sendCachedJson(req: Request, res: Response, revision: string, body: string | (string | Buffer)[]): void {
  const etag = `"catalog-${revision}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.status(304).end();
    return;
  }
  // Pieces (a stored graph read 64 kB at a time) are written as they are, sent chunked.
  if (Array.isArray(body)) writeJsonParts(res, body);
  else res.status(200).type('application/json').end(body);
}
