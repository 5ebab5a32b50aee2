import { HttpException } from '@nestjs/common';

export interface Problem {
  /** Dotted path of the field, e.g. variants.0.body ("" for the whole body). */
  path: string;
  message: string;
}

const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'ValidationError',
  408: 'RequestTimeout',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

export function errorName(status: number): string {
  return ERROR_NAMES[status] ?? 'Error';
}

/** An error with the JSON body of docs/api-conventions.md: { statusCode, error, message, ...extra }. */
export class ApiError extends HttpException {
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super({ statusCode: status, error: errorName(status), message, ...extra }, status);
  }
}

const shown = (code: string | number) => (String(code).length > 120 ? `${String(code).slice(0, 120)}…` : String(code));
export const notFound = (what: string, code: string | number, hint = '') => new ApiError(404, `${what} ${shown(code)} does not exist${hint}`);
export const conflict = (message: string, extra?: Record<string, unknown>) => new ApiError(409, message, extra);

export function validationFailed(problems: Problem[] | readonly object[], message?: string): ApiError {
  const n = problems.length;
  return new ApiError(422, message ?? `${n} problem${n === 1 ? '' : 's'} in the request`, { problems });
}
