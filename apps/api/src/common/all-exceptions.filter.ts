import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiError, errorName } from './api-error';

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
      const message = typeof response === 'object' && response !== null && 'message' in response ? [(response as { message: unknown }).message].flat().join('; ') : exception.message;
      if (status === 404 && exception.constructor.name === 'NotFoundException') {
        return { status, body: { statusCode: status, error: errorName(status), message: `no route ${req.method} ${req.path}` } };
      }
      return { status, body: { statusCode: status, error: errorName(status), message } };
    }
    const parseError = exception as { type?: string; status?: number; message?: string };
    if (parseError?.type === 'entity.parse.failed') {
      return { status: 400, body: { statusCode: 400, error: 'BadRequest', message: `malformed JSON in the request body: ${parseError.message}` } };
    }
    if (parseError?.type === 'entity.too.large') {
      return { status: 413, body: { statusCode: 413, error: 'PayloadTooLarge', message: 'the request body is too large' } };
    }
    if (exception instanceof QueryFailedError && (exception.driverError as { code?: string })?.code === '23505') {
      return { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'an entry with this key already exists' } };
    }
    return { status: 500, body: { statusCode: 500, error: 'InternalServerError', message: 'unexpected error; the server log has the details' } };
  }
}
