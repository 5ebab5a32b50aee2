import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiError, errorName } from './api-error';
import { BODY_LIMIT_TEXT } from './raw-json-body';

/**
 * Every error leaves as JSON in the shape of docs/api-conventions.md. Unexpected ones are logged
 * with their stack on the server and reach the caller as a plain 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const { status, body } = this.toBody(exception, req);
    if (status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${req.method} ${req.path} failed: ${err.message}`, err.stack);
    }
    res.status(status).json(body);
  }

  private toBody(exception: unknown, req: Request): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (exception instanceof ApiError) return { status, body: response as Record<string, unknown> };
      const fromParser = requestReadingError(exception.cause);
      if (fromParser) return fromParser;
      const message = typeof response === 'object' && response !== null && 'message' in response ? [(response as { message: unknown }).message].flat().join('; ') : exception.message;
      if (status === 404 && exception.constructor.name === 'NotFoundException') {
        return { status, body: { statusCode: status, error: errorName(status), message: `no route ${req.method} ${shorten(req.path)}${routeHint(req.path)}` } };
      }
      return { status, body: { statusCode: status, error: errorName(status), message } };
    }
    const fromParser = requestReadingError(exception);
    if (fromParser) return fromParser;
    const sqlState = exception instanceof QueryFailedError ? (exception.driverError as { code?: string })?.code : undefined;
    if (sqlState === '23505') return reply(409, 'an entry with this key already exists');
    // PostgreSQL text cannot hold U+0000, whether it comes from the URL, the query or a JSON body.
    if (sqlState === '22021' || sqlState === '22P05') return reply(400, 'the request contains a NUL character (\\u0000 or %00), which cannot be stored or searched for: remove it');
    return { status: 500, body: { statusCode: 500, error: 'InternalServerError', message: 'unexpected error; the server log has the details' } };
  }
}

const reply = (status: number, message: string) => ({ status, body: { statusCode: status, error: errorName(status), message } });

/**
 * Errors of the body parser (Nest passes them on as the cause of an HttpException) and of URL
 * decoding, rewritten to say what to send instead.
 */
function requestReadingError(error: unknown): { status: number; body: Record<string, unknown> } | undefined {
  const e = error as { type?: string; message?: string; body?: unknown; charset?: string; encoding?: string } | undefined;
  if (error instanceof URIError) return reply(400, 'the URL has a malformed %-escape: encode "%" as %25 and "/" inside a code or name as %2F');
  switch (e?.type) {
    case 'entity.parse.failed': {
      const text = typeof e.body === 'string' ? e.body.trim() : '';
      if (text && !text.startsWith('{') && !text.startsWith('[')) return reply(400, 'the request body must be a JSON object');
      // The parser's own message quotes the body around the error, and a body may hold a password.
      const position = /at position (\d+)/.exec(e.message ?? '')?.[1];
      return reply(400, `malformed JSON in the request body${position ? ` at character ${position}` : ''}: check its quotes, commas and brackets`);
    }
    case 'entity.too.large':
      return reply(413, `the request body is larger than the ${BODY_LIMIT_TEXT} limit`);
    case 'charset.unsupported':
      return reply(415, `unsupported charset ${e.charset ?? '(unknown)'}: send JSON encoded as UTF-8 (Content-Type: application/json)`);
    case 'encoding.unsupported':
      return reply(415, `unsupported Content-Encoding ${e.encoding ?? '(unknown)'}: send the body uncompressed, or as gzip, deflate or br`);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return reply(400, 'the request body could not be read completely');
    default:
      if (e?.type === undefined && (error as { status?: number })?.status === 400 && (error as { expose?: boolean })?.expose) {
        return reply(400, `the request body could not be read: ${e?.message ?? 'bad request'}`);
      }
      return undefined;
  }
}

/** Inbound event names and service-type paths contain "/": a common mistake is not encoding it. */
function routeHint(path: string): string {
  const match = /^\/api\/(inbound-events|service-types)\/(.+)$/.exec(path);
  if (!match || !match[2].includes('/')) return '';
  const [, collection, rest] = match;
  const example = collection === 'inbound-events' ? 'Account%2FNew' : '%2Fservice%2Ftelco%2Fgprs';
  return `: ${collection === 'inbound-events' ? 'inbound event names' : 'service-type codes'} contain "/", which must be URL-encoded as %2F (e.g. /api/${collection}/${example}; got ${shorten(rest)})`;
}

export function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
