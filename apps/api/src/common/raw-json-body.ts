import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { errorName } from './api-error';

/** The largest request body the API reads (a catalog document, a graph at its node cap). */
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
export const BODY_LIMIT_TEXT = '10 MB';

/**
 * Routes that take whole graphs, batches of events or catalog documents, megabytes each. Their body is read as bytes and
 * parsed (JSON, unstorable text, shape) on an evaluation thread by the route itself: parsing 8 MB
 * on the event loop held /api/health up for every caller.
 */
const RAW_ROUTES: { method: string; path: RegExp }[] = [
  { method: 'PUT', path: /^\/api\/workflows\/[^/]+\/draft\/?$/ },
  { method: 'POST', path: /^\/api\/workflows\/[^/]+\/validate\/?$/ },
  { method: 'POST', path: /^\/api\/events\/batch\/?$/ },
  { method: 'POST', path: /^\/api\/catalog\/import\/?$/ },
  // Not large: read as bytes because its signature covers the body exactly as sent.
  { method: 'POST', path: /^\/api\/message-deliveries\/reports\/?$/ },
];

interface RawRequest extends Request {
  /** Owns its memory, so it can be moved to an evaluation thread without a copy. */
  rawJson?: Uint8Array;
}

const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

function refuse(res: Response, status: number, message: string): void {
  if (res.headersSent) return;
  // The rest of the body is not read: the connection cannot carry another request.
  res.setHeader('connection', 'close');
  res.status(status).json({ statusCode: status, error: errorName(status), message });
}

/**
 * Reads the body of the raw routes into `req.rawJson`, at most BODY_LIMIT_BYTES after decoding
 * (413 naming the limit as soon as it is passed, or as soon as Content-Length says so). Only
 * copies bytes: nothing is parsed here. Runs after requireJsonBody (so the body is declared JSON)
 * and before the JSON body parser, which finds these requests already read and skips them.
 */
export function readRawJsonBodies(req: RawRequest, res: Response, next: NextFunction): void {
  if (!RAW_ROUTES.some((route) => route.method === req.method && route.path.test(req.path))) return next();
  req.body = undefined;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > BODY_LIMIT_BYTES) return refuse(res, 413, `the request body is larger than the ${BODY_LIMIT_TEXT} limit`);
  const charset = /charset=([^;\s]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1]?.toLowerCase().replace(/^"|"$/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return refuse(res, 415, `unsupported charset ${charset}: send JSON encoded as UTF-8 (Content-Type: application/json)`);
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && !DECODERS[encoding]) return refuse(res, 415, `unsupported Content-Encoding ${encoding}: send the body uncompressed, or as gzip, deflate or br`);

  const stream: Readable = encoding === 'identity' ? req : req.pipe(DECODERS[encoding]());
  // Copied chunk by chunk into one buffer sized from Content-Length: concatenating megabytes at
  // the end was one long copy on the event loop. Without a length (chunked, compressed), chunks
  // are kept and joined once.
  const sized = encoding === 'identity' && Number.isInteger(declared) && declared > 0 ? Buffer.allocUnsafeSlow(declared) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (error?: { status: number; message: string }) => {
    if (done) return;
    done = true;
    stream.removeAllListeners('data');
    if (error) {
      req.unpipe();
      refuse(res, error.status, error.message);
      return;
    }
    req.rawJson = sized ? sized.subarray(0, size) : Buffer.concat(chunks, size);
    next();
  };
  stream.on('data', (chunk: Buffer) => {
    if (size + chunk.length > (sized ? sized.length : BODY_LIMIT_BYTES)) {
      return finish({ status: sized ? 400 : 413, message: sized ? 'the request body is longer than its Content-Length' : `the request body is larger than the ${BODY_LIMIT_TEXT} limit` });
    }
    if (sized) sized.set(chunk, size);
    else chunks.push(chunk);
    size += chunk.length;
  });
  stream.on('end', () => finish());
  stream.on('error', () => finish({ status: 400, message: 'the request body could not be read completely' }));
  req.on('aborted', () => finish({ status: 400, message: 'the request body could not be read completely' }));
}

/** The raw body of a route listed in RAW_ROUTES (undefined when the request had none). */
export const RawJsonBody = createParamDecorator((_: unknown, ctx: ExecutionContext): Uint8Array | undefined => ctx.switchToHttp().getRequest<RawRequest>().rawJson);
