import type { IncomingMessage, ServerResponse } from 'node:http';

/** Answers up to this size are sent in one write with a Content-Length; larger ones in their pieces, chunked. */
const ONE_WRITE_BYTES = 1024 * 1024;

/**
 * Writes an answer cached at a catalog revision, with an ETag naming the revision: a client that
 * sends it back in If-None-Match gets 304 while the catalog is unchanged. `no-cache` makes
 * browsers ask every time, so a catalog write is seen at once. Plain Node response calls (Express's
 * response is one too): the fast path before Express (cached-reads.ts) writes with it as well.
 */
export function sendCachedJson(req: IncomingMessage, res: ServerResponse, revision: string, body: string | readonly (string | Buffer)[]): void {
  const etag = `"catalog-${revision}"`;
  const cacheHeaders = { ETag: etag, 'Cache-Control': 'private, no-cache' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, cacheHeaders).end();
    return;
  }
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.reduce((n, part) => n + (typeof part === 'string' ? Buffer.byteLength(part) : part.length), 0);
  const headers = { ...cacheHeaders, 'Content-Type': 'application/json; charset=utf-8' };
  if (typeof body === 'string' || size <= ONE_WRITE_BYTES) {
    const payload = typeof body === 'string' ? body : Buffer.concat(body.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)), size);
    res.writeHead(200, { ...headers, 'Content-Length': size }).end(payload);
    return;
  }
  // A stored graph of megabytes, read 64 kB at a time: written as it is, sent chunked.
  res.writeHead(200, headers);
  for (const part of body) res.write(part);
  res.end();
}
