import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AllExceptionsFilter } from '../common/all-exceptions.filter';

/**
 * Errors of the TMF endpoints in TMF630's shape ({ code, reason, message, status, @type: Error }),
 * built from the body every other route answers, so messages and field-by-field problems
 * (kept as `problems`, each naming the item and field) stay the same everywhere.
 */
@Catch()
export class TmfErrorFilter implements ExceptionFilter {
  private readonly plain = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const originalJson = res.json.bind(res);
    // Let the shared filter decide status, message and logging; reshape its body on the way out.
    res.json = (body: Record<string, unknown>) => {
      const status = res.statusCode;
      const { error, message, ...extra } = body ?? {};
      delete extra.statusCode;
      return originalJson({
        code: String(status),
        reason: typeof error === 'string' ? error : 'Error',
        message: typeof message === 'string' ? message : 'unexpected error',
        status: String(status),
        '@type': 'Error',
        ...extra,
      });
    };
    this.plain.catch(exception instanceof HttpException || exception instanceof Error ? exception : new Error(String(exception)), host);
  }
}
